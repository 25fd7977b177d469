package dev.rnn4j.decode;

import java.util.Arrays;

/**
 * What every search needs to know besides the model: the start and end tokens, the maximum output
 * length, and the tokens never to emit.
 *
 * <p>The maximum length of the output for a source of {@code S} tokens is
 * {@code floor(maxLengthRatio * S) + maxLengthOffset} tokens, {@code <eos>} not counted (fairseq's
 * {@code --max-len-a} and {@code --max-len-b}). {@code S} is each sentence's own length as the
 * caller counts it (with its {@code <eos>} when the batch has one), so a sentence's maximum does
 * not depend on the batch it is in; fairseq takes the padded width of the whole batch. A
 * hypothesis still open at that length gets {@code <eos>} as its next token whatever the model
 * prefers, and the log-probability of that {@code <eos>} is counted, as in fairseq. So every
 * output ends with {@code <eos>}.
 *
 * @param sosId the token fed at the first step
 * @param eosId the token that ends a hypothesis
 * @param maxLengthRatio output tokens allowed per source token, finite and at least 0
 * @param maxLengthOffset output tokens allowed on top, at least 0
 * @param blockedTokens tokens a search never emits (e.g. {@code <pad>}, {@code <sos>}, {@code <unk>}
 *     so unknown words come out as subwords); must not hold {@code eosId}; copied
 */
public record DecodeSettings(int sosId, int eosId, double maxLengthRatio, int maxLengthOffset, int[] blockedTokens) {

    /**
     * @throws IllegalArgumentException naming the argument when an id is negative, the ratio is
     *     negative or not finite, the offset is negative, or {@code blockedTokens} is null, holds a
     *     negative id or {@code eosId}
     */
    public DecodeSettings {
        if (sosId < 0) {
            throw new IllegalArgumentException("sosId must be >= 0, got " + sosId);
        }
        if (eosId < 0) {
            throw new IllegalArgumentException("eosId must be >= 0, got " + eosId);
        }
        if (!(maxLengthRatio >= 0) || Double.isInfinite(maxLengthRatio)) {
            throw new IllegalArgumentException("maxLengthRatio must be a finite number >= 0 (output tokens per source token), got "
                    + maxLengthRatio);
        }
        if (maxLengthOffset < 0) {
            throw new IllegalArgumentException("maxLengthOffset must be >= 0, got " + maxLengthOffset);
        }
        if (blockedTokens == null) {
            throw new IllegalArgumentException("blockedTokens must not be null (give an empty array for none)");
        }
        blockedTokens = blockedTokens.clone();
        for (int i = 0; i < blockedTokens.length; i++) {
            if (blockedTokens[i] < 0) {
                throw new IllegalArgumentException("blockedTokens[" + i + "] must be >= 0, got " + blockedTokens[i]);
            }
            if (blockedTokens[i] == eosId) {
                throw new IllegalArgumentException("blockedTokens[" + i + "] is eosId " + eosId
                        + "; a search must always be able to end a hypothesis");
            }
        }
    }

    /** The tokens never emitted (a copy). */
    @Override
    public int[] blockedTokens() {
        return blockedTokens.clone();
    }

    /**
     * Maximum number of output tokens ({@code <eos>} not counted) for a source of
     * {@code sourceLength} tokens: {@code floor(maxLengthRatio * sourceLength) + maxLengthOffset},
     * at most {@code Integer.MAX_VALUE - 1}.
     */
    public int maxLength(int sourceLength) {
        double length = Math.floor(maxLengthRatio * sourceLength) + maxLengthOffset;
        return (int) Math.min(length, Integer.MAX_VALUE - 1);
    }

    /**
     * Checks the settings against a decoder's vocabulary and a batch's source lengths, and returns
     * a mask of the blocked tokens (length V).
     */
    boolean[] checkAndMask(int vocabularySize, int rows, int[] sourceLengths) {
        if (vocabularySize < 1) {
            throw new IllegalArgumentException("decoder.vocabularySize() must be at least 1, got " + vocabularySize);
        }
        if (sosId >= vocabularySize || eosId >= vocabularySize) {
            throw new IllegalArgumentException("sosId " + sosId + " and eosId " + eosId
                    + " must be below the decoder's vocabulary size " + vocabularySize);
        }
        if (sourceLengths == null) {
            throw new IllegalArgumentException("sourceLengths must not be null");
        }
        if (sourceLengths.length != rows) {
            throw new IllegalArgumentException("sourceLengths: expected one length per row of the initial states ("
                    + rows + "), got " + sourceLengths.length);
        }
        for (int b = 0; b < rows; b++) {
            if (sourceLengths[b] < 0) {
                throw new IllegalArgumentException("sourceLengths[" + b + "] must be >= 0, got " + sourceLengths[b]);
            }
        }
        boolean[] mask = new boolean[vocabularySize];
        for (int i = 0; i < blockedTokens.length; i++) {
            if (blockedTokens[i] >= vocabularySize) {
                throw new IllegalArgumentException("blockedTokens[" + i + "] = " + blockedTokens[i]
                        + " is not below the decoder's vocabulary size " + vocabularySize);
            }
            mask[blockedTokens[i]] = true;
        }
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodeSettings d && d.sosId == sosId && d.eosId == eosId
                && Double.compare(d.maxLengthRatio, maxLengthRatio) == 0 && d.maxLengthOffset == maxLengthOffset
                && Arrays.equals(d.blockedTokens, blockedTokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {sosId, eosId, maxLengthRatio, maxLengthOffset}) * 31
                + Arrays.hashCode(blockedTokens);
    }

    @Override
    public String toString() {
        return "DecodeSettings[sosId=" + sosId + ", eosId=" + eosId + ", maxLengthRatio=" + maxLengthRatio
                + ", maxLengthOffset=" + maxLengthOffset + ", blockedTokens=" + Arrays.toString(blockedTokens) + "]";
    }
}
