package io.tally.auth;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link AuthFilter} before any resource method runs. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }
}
