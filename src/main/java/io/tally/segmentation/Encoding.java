package io.tally.segmentation;

/** The SMS data coding a text is sent with. */
public enum Encoding {
    /** 3GPP TS 23.038 GSM 7-bit alphabet: units are septets. */
    GSM_7("GSM-7"),
    /** UCS-2 as SMSCs send it (really UTF-16): units are UTF-16 code units. */
    UCS_2("UCS-2");

    private final String label;

    Encoding(String label) {
        this.label = label;
    }

    /** The name carriers and calculators print: "GSM-7" or "UCS-2". */
    public String label() {
        return label;
    }
}
