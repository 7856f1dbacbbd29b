package io.tally.auth;

import jakarta.enterprise.context.RequestScoped;

/** The dashboard session of the current request, set by {@link AuthFilter} on {@link SessionCookie} resources. */
@RequestScoped
public class CurrentSession {
    private Sessions.Open session;

    void set(Sessions.Open session) {
        this.session = session;
    }

    public Sessions.Open get() {
        if (session == null) {
            throw new IllegalStateException("no session on this request");
        }
        return session;
    }
}
