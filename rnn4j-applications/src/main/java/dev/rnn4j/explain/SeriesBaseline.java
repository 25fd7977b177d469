package dev.rnn4j.explain;

/** The reference window integrated gradients start from when explaining a forecast. */
public enum SeriesBaseline {

    /** Every value 0 in the scale the network reads (after the model's transforms: the scaled mean or level). */
    ZEROS("zeros"),

    /** Every step equal to the window's last step: the series flat at its last value. */
    LAST_VALUE("last");

    private final String key;

    SeriesBaseline(String key) {
        this.key = key;
    }

    /** The name on the command line and in the JSON report ({@code zeros} or {@code last}). */
    public String key() {
        return key;
    }

    /**
     * The baseline named {@code key}.
     *
     * @throws IllegalArgumentException for another name
     */
    public static SeriesBaseline parse(String key) {
        for (SeriesBaseline b : values()) {
            if (b.key.equals(key)) {
                return b;
            }
        }
        throw new IllegalArgumentException("baseline: expected zeros or last, got " + key);
    }
}
