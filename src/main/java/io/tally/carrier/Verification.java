package io.tally.carrier;

/** Whether a webhook proved it comes from the connection's carrier. */
public sealed interface Verification {

    /** The request carries a valid proof made with one of the connection's secrets. */
    record Verified() implements Verification {
    }

    /**
     * The request is refused and changes nothing.
     *
     * @param status 401 when the proof is missing (no signature header, no credentials), 403 when it is wrong, stale
     *        or made with another secret
     * @param reason why, for the problem body and the log; never echoes a secret
     */
    record Refused(int status, String reason) implements Verification {
    }

    Verification VERIFIED = new Verified();

    static Verification missing(String reason) {
        return new Refused(401, reason);
    }

    static Verification wrong(String reason) {
        return new Refused(403, reason);
    }

    default boolean verified() {
        return this instanceof Verified;
    }
}
