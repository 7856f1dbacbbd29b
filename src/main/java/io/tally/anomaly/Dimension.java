package io.tally.anomaly;

/**
 * What an hour's spend is split by to name the cause of an increase. In the order a tie is broken: the more specific
 * dimension first (a destination says more than a service).
 */
public enum Dimension {
    DESTINATION("destination"),
    SUB_ACCOUNT("sub-account"),
    SENDING_NUMBER("sending number"),
    USER("user"),
    PRODUCT("product"),
    SERVICE("service");

    private final String label;

    Dimension(String label) {
        this.label = label;
    }

    /** The words a summary names it by ("destination", "sub-account"). */
    public String label() {
        return label;
    }
}
