package dev.rnn4j.text.bpe;

import java.text.Normalizer;

/**
 * The Unicode normalisation a tokeniser applies before anything else. Both first replace
 * unpaired surrogates by U+FFFD, so that every text is well-formed and encodable as UTF-8.
 */
public enum Normalization {
    /**
     * Canonical composition (the default): only merges different encodings of the same text,
     * e.g. "e" + U+0301 becomes "é"; the text a reader sees does not change.
     */
    NFC(Normalizer.Form.NFC),
    /**
     * Compatibility composition: also folds compatibility variants, e.g. the ligature "ﬁ" becomes
     * "fi", full-width letters become ASCII and U+00A0 becomes a space; fewer distinct symbols,
     * but the decoded text may look different from the input.
     */
    NFKC(Normalizer.Form.NFKC);

    private final Normalizer.Form form;

    Normalization(Normalizer.Form form) {
        this.form = form;
    }

    /** The normalised, well-formed text. */
    public String apply(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return Normalizer.normalize(wellFormed(text), form);
    }

    private static String wellFormed(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (unpaired && sb == null) {
                sb = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (sb != null) {
                sb.append(unpaired ? '\uFFFD' : c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
