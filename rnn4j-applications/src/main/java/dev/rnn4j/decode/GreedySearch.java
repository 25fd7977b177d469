package dev.rnn4j.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding: at every step each row emits its most probable token (the lowest id among
 * equally probable ones) that is not blocked, until it emits {@code <eos>} or reaches the
 * maximum length of {@link DecodeSettings}, where {@code <eos>} is forced.
 *
 * <p>All rows advance together in one {@link StepDecoder#step} call per step; a row that has
 * finished is dropped from the batch with {@link StepDecoder#selectRows}. Equals
 * {@link BeamSearch} with beam size 1. Thread-safe; the decoder decides whether concurrent
 * searches may share it.
 */
public final class GreedySearch {

    private final DecodeSettings settings;

    /** @param settings start and end tokens, maximum length, blocked tokens; must not be null */
    public GreedySearch(DecodeSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
    }

    public DecodeSettings settings() {
        return settings;
    }

    /**
     * Decodes every row of {@code initialStates}.
     *
     * @param decoder the model
     * @param initialStates the decoder's states before the first step, one row per source
     * @param sourceLengths the source length of each row, for the maximum output length; its
     *     length is the number of rows of {@code initialStates}
     * @return one hypothesis per row, in row order; its score is its log-probability
     * @throws IllegalArgumentException if an argument is null, a source length is negative, or a
     *     token id of the settings is outside the decoder's vocabulary
     * @throws IllegalStateException if the decoder returns arrays of the wrong size
     */
    public <S> List<Hypothesis> search(StepDecoder<S> decoder, S initialStates, int[] sourceLengths) {
        if (decoder == null || initialStates == null) {
            throw new IllegalArgumentException("decoder and initialStates must not be null");
        }
        int vocabularySize = decoder.vocabularySize();
        int batch = sourceLengths == null ? 0 : sourceLengths.length;
        boolean[] blocked = settings.checkAndMask(vocabularySize, batch, sourceLengths);
        int eos = settings.eosId();
        Hypothesis[] results = new Hypothesis[batch];
        // active[i]: the source row of state row i
        int[] active = new int[batch];
        int[] maxLength = new int[batch];
        Prefix[] prefixes = new Prefix[batch];
        double[] logProbabilities = new double[batch];
        for (int b = 0; b < batch; b++) {
            active[b] = b;
            maxLength[b] = settings.maxLength(sourceLengths[b]);
            prefixes[b] = Prefix.EMPTY;
        }
        int[] previous = new int[batch];
        Arrays.fill(previous, settings.sosId());
        S states = initialStates;
        int rows = batch;
        while (rows > 0) {
            StepDecoder.Step<S> step = StepChecks.run(decoder, states, Arrays.copyOf(previous, rows), vocabularySize);
            float[] lp = step.logProbabilities();
            int[] keep = new int[rows];
            int kept = 0;
            for (int r = 0; r < rows; r++) {
                int b = active[r];
                boolean forced = prefixes[b].length >= maxLength[b];
                int token = forced ? eos : argmax(lp, r * vocabularySize, vocabularySize, blocked);
                logProbabilities[b] += lp[r * vocabularySize + token];
                prefixes[b] = new Prefix(prefixes[b], token, Prefix.attentionRow(step.attention(), rows, r));
                if (token == eos) {
                    results[b] = prefixes[b].finish(logProbabilities[b], logProbabilities[b], forced);
                } else {
                    keep[kept] = r;
                    active[kept] = b;
                    previous[kept] = token;
                    kept++;
                }
            }
            if (kept == 0) {
                break;
            }
            states = kept == rows ? step.states() : decoder.selectRows(step.states(), Arrays.copyOf(keep, kept));
            rows = kept;
        }
        return new ArrayList<>(Arrays.asList(results));
    }

    /** The first index of the largest unblocked value in {@code lp[offset, offset + n)}, or -1 if all are blocked. */
    static int argmax(float[] lp, int offset, int n, boolean[] blocked) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < n; v++) {
            if (!blocked[v] && (best < 0 || lp[offset + v] > bestValue)) {
                best = v;
                bestValue = lp[offset + v];
            }
        }
        return best;
    }
}
