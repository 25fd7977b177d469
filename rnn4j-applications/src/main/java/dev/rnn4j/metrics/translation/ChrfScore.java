package dev.rnn4j.metrics.translation;

/**
 * A chrF score, as sacreBLEU's {@code CHRFScore}.
 *
 * @param name {@code chrF2} for the default, {@code chrF2++} with word order 2
 * @param score chrF in [0, 100]
 * @param signature sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:rnn4j-0.1.0}
 */
public record ChrfScore(String name, double score, String signature) {

    /**
     * The line sacreBLEU prints, e.g. {@code chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:rnn4j-0.1.0 = 59.73}.
     *
     * @param decimals decimals of the score (2 by default in sacreBLEU)
     * @param withSignature whether to put the signature after the name
     */
    public String format(int decimals, boolean withSignature) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
        }
        return name + (withSignature ? "|" + signature : "") + " = " + PythonText.fixed(score, decimals);
    }

    /** {@link #format(int, boolean) format(2, true)}. */
    @Override
    public String toString() {
        return format(2, true);
    }
}
