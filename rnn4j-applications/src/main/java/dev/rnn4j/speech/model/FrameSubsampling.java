package dev.rnn4j.speech.model;

import java.util.Locale;

/**
 * How an {@link AcousticNetwork} reduces the frame rate by a factor k before its recurrent layers. Both give
 * ceil(T / k) steps for T frames, so step t covers frames t·k ... t·k + k − 1 and CTC input lengths are the
 * same either way; they differ in what a step holds.
 */
public enum FrameSubsampling {
    /** Step t is frames t·k ... t·k + k − 1 concatenated, k·F values; a last, incomplete group is zero-padded. */
    STACK,
    /** Step t is frame t·k alone, F values: every k-th frame is kept and the frames between are dropped. */
    STRIDE;

    /**
     * Values per network step.
     *
     * @param features F, values per frame
     * @param factor   k
     * @return k·F for {@link #STACK}, F for {@link #STRIDE}
     */
    public int stepSize(int features, int factor) {
        return this == STACK ? features * factor : features;
    }

    /** Network steps for {@code frames} frames: ceil(frames / k). */
    public static int steps(int frames, int factor) {
        return (frames + factor - 1) / factor;
    }

    /** The lower-case name used in configurations and on the command line: {@code stack} or {@code stride}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #key()}, ignoring case.
     *
     * @throws IllegalArgumentException naming the expected values if {@code key} is neither
     */
    public static FrameSubsampling parse(String key) {
        for (FrameSubsampling s : values()) {
            if (s.key().equalsIgnoreCase(key == null ? "" : key.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("subsampling: expected stack or stride, got " + key);
    }
}
