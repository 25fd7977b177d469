package dev.rnn4j.speech.features;

import java.util.random.RandomGenerator;

/**
 * SpecAugment's frequency and time masking (Park et al., 2019, "SpecAugment: A Simple Data
 * Augmentation Method for Automatic Speech Recognition"), for training only. Time warping is not done.
 *
 * <p>On features (T, F): {@code frequencyMasks} times, a width f is drawn uniformly from
 * [0, maxFrequencyWidth] and a start f0 from [0, F − f], and columns f0 .. f0 + f − 1 are set to
 * {@code fillValue}; then {@code timeMasks} times, a width t from [0, min(maxTimeWidth, ⌊maxTimeFraction · T⌋)]
 * and a start t0 from [0, T − t], and rows t0 .. t0 + t − 1 are set to {@code fillValue}. Masks may
 * overlap. With normalised features the fill value 0 is the mean (torchaudio's {@code FrequencyMasking}
 * and {@code TimeMasking} also fill with 0 by default). The same random generator state gives the same masks.
 *
 * @param frequencyMasks number of frequency masks, at least 0 (the paper's m_F)
 * @param maxFrequencyWidth the widest frequency mask (F in the paper), at least 0
 * @param timeMasks number of time masks, at least 0 (m_T)
 * @param maxTimeWidth the widest time mask (T in the paper), at least 0
 * @param maxTimeFraction the widest time mask as a fraction of the utterance (p), in [0, 1]
 * @param fillValue the value written into masked cells
 */
public record SpecAugment(int frequencyMasks, int maxFrequencyWidth, int timeMasks, int maxTimeWidth,
        double maxTimeFraction, float fillValue) {

    /** Checks the fields. */
    public SpecAugment {
        if (frequencyMasks < 0 || maxFrequencyWidth < 0 || timeMasks < 0 || maxTimeWidth < 0) {
            throw new IllegalArgumentException("frequencyMasks, maxFrequencyWidth, timeMasks, maxTimeWidth: expected "
                    + "values >= 0, got " + frequencyMasks + ", " + maxFrequencyWidth + ", " + timeMasks + ", "
                    + maxTimeWidth);
        }
        if (!(maxTimeFraction >= 0 && maxTimeFraction <= 1)) {
            throw new IllegalArgumentException("maxTimeFraction: expected a value in [0, 1], got " + maxTimeFraction);
        }
        if (!Float.isFinite(fillValue)) {
            throw new IllegalArgumentException("fillValue: expected a finite value, got " + fillValue);
        }
    }

    /**
     * A setting for 40 to 80 mel bands and 10 ms frames, close to the paper's LibriSpeech basic policy
     * (LB: m_F = 1, F = 27, m_T = 1, T = 100, p = 1) scaled to short utterances: two frequency masks
     * up to 8 bands, two time masks up to 10 frames and at most 20 % of the utterance, filled with 0.
     */
    public static SpecAugment speechDefaults() {
        return new SpecAugment(2, 8, 2, 10, 0.2, 0f);
    }

    /**
     * {@code features} with masks drawn from {@code random}; the input is not changed.
     *
     * @param features (T, F)
     * @param random the source of the masks; seed it for reproducible masks
     * @return a masked copy (T, F)
     */
    public float[][] apply(float[][] features, RandomGenerator random) {
        if (features == null || random == null) {
            throw new IllegalArgumentException("features, random: expected a (T, F) matrix and a generator, got "
                    + (features == null ? "null" : "a matrix") + " and " + random);
        }
        int frames = features.length;
        float[][] out = new float[frames][];
        for (int t = 0; t < frames; t++) {
            out[t] = features[t].clone();
        }
        if (frames == 0) {
            return out;
        }
        int bands = out[0].length;
        for (int t = 1; t < frames; t++) {
            if (out[t].length != bands) {
                throw new IllegalArgumentException("features: expected " + bands + " features in every frame, got "
                        + out[t].length + " in frame " + t);
            }
        }
        for (int mask = 0; mask < frequencyMasks; mask++) {
            int width = random.nextInt(Math.min(maxFrequencyWidth, bands) + 1);
            int start = random.nextInt(bands - width + 1);
            for (float[] frame : out) {
                java.util.Arrays.fill(frame, start, start + width, fillValue);
            }
        }
        int widestTime = Math.min(maxTimeWidth, (int) Math.floor(maxTimeFraction * frames));
        for (int mask = 0; mask < timeMasks; mask++) {
            int width = random.nextInt(widestTime + 1);
            int start = random.nextInt(frames - width + 1);
            for (int t = start; t < start + width; t++) {
                java.util.Arrays.fill(out[t], fillValue);
            }
        }
        return out;
    }
}
