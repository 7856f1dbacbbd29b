package io.tally.ledger;

/** A metered service; a lot pays for some services or for all of them. */
public enum Service {
    SMS,
    MMS,
    VOICE,
    FAX,
    AI_AGENT
}
