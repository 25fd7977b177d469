package dev.rnn4j.translate;

/**
 * A padded batch of sentence pairs, time-major as the encoder-decoder reads it.
 *
 * <p>{@code source}: (S, B), entry {@code source[t * rows + b]}, each row its ids followed by
 * {@code <eos>}; {@code target}: (T, B), entry {@code target[t * rows + b]}, each row
 * {@code <sos>}, its ids, {@code <eos>}. Positions past a row's length hold {@code <pad>} (0).
 * Rows are ordered by decreasing source length (ties by the lower index), as a packed encoder
 * needs: at step {@code t} the rows still running are a prefix of the batch.
 *
 * @param source source ids (S, B), time-major
 * @param sourceLengths each row's source length, {@code <eos>} included
 * @param target target ids (T, B), time-major
 * @param targetLengths each row's target length, {@code <sos>} and {@code <eos>} included
 * @param indices each row's position in the list of pairs given to the batcher
 * @param rows B
 * @param sourceSteps S, the longest source length
 * @param targetSteps T, the longest target length
 */
public record PairBatch(int[] source, int[] sourceLengths, int[] target, int[] targetLengths, int[] indices,
        int rows, int sourceSteps, int targetSteps) {

    /** Source id of row {@code b} at step {@code t}. */
    public int sourceId(int t, int b) {
        return source[t * rows + b];
    }

    /** Target id of row {@code b} at step {@code t}. */
    public int targetId(int t, int b) {
        return target[t * rows + b];
    }

    /** Target tokens the loss counts: every target position after {@code <sos>}, padding excluded. */
    public int targetTokens() {
        int sum = 0;
        for (int length : targetLengths) {
            sum += length - 1;
        }
        return sum;
    }
}
