package dev.rnn4j.speech.model;

/**
 * One utterance ready for the network.
 *
 * @param features (frames, F) normalised features
 * @param digits   the spoken digits, 0-9 (one for isolated digits)
 */
public record LabeledFeatures(float[][] features, int[] digits) {

    public LabeledFeatures {
        if (features == null || features.length == 0 || digits == null || digits.length == 0) {
            throw new IllegalArgumentException("features, digits: expected >= 1 frame and >= 1 digit, got "
                    + (features == null ? "null" : features.length + " frames") + " and "
                    + (digits == null ? "null" : digits.length + " digits"));
        }
        for (int d : digits) {
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("digits: expected values 0-9, got " + d);
            }
        }
    }
}
