package dev.rnn4j.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random second-order Markov model over V tokens for testing searches: the next token's
 * log-probabilities depend on the source row, the token before the previous one (kept in the
 * state) and the previous token, through a seeded hash. A state row is {@code {source, older}};
 * a search that mixes up rows in {@link #selectRows} therefore sees other probabilities.
 * Attention is one-hot on the source row's index modulo 3, over 3 columns.
 */
class ToyDecoder implements StepDecoder<int[][]> {
    final int vocabularySize;
    final long seed;
    final double scale;
    final double eosBias;
    final int eosId;
    /** Rows of every step call, in order. */
    final List<Integer> rowsPerStep = new ArrayList<>();

    ToyDecoder(int vocabularySize, long seed, double scale, int eosId, double eosBias) {
        this.vocabularySize = vocabularySize;
        this.seed = seed;
        this.scale = scale;
        this.eosId = eosId;
        this.eosBias = eosBias;
    }

    /** Initial states of {@code batch} sources: {@code {source, -1}}. */
    static int[][] initialStates(int batch) {
        int[][] states = new int[batch][];
        for (int b = 0; b < batch; b++) {
            states[b] = new int[] {b, -1};
        }
        return states;
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    /** log p(next | source, older, previous), (V) in double precision. */
    double[] logProbabilities(int source, int older, int previous) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + source * 10_007L + (older + 1) * 101L + previous);
        double[] logits = new double[vocabularySize];
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocabularySize; v++) {
            logits[v] = scale * (random.nextDouble() * 2 - 1) + (v == eosId ? eosBias : 0);
            max = Math.max(max, logits[v]);
        }
        double sum = 0;
        for (int v = 0; v < vocabularySize; v++) {
            sum += Math.exp(logits[v] - max);
        }
        double logSum = max + Math.log(sum);
        for (int v = 0; v < vocabularySize; v++) {
            logits[v] -= logSum;
        }
        return logits;
    }

    @Override
    public Step<int[][]> step(int[][] states, int[] previousTokens) {
        int rows = previousTokens.length;
        rowsPerStep.add(rows);
        float[] lp = new float[rows * vocabularySize];
        float[] attention = new float[rows * 3];
        int[][] next = new int[rows][];
        for (int r = 0; r < rows; r++) {
            double[] row = logProbabilities(states[r][0], states[r][1], previousTokens[r]);
            for (int v = 0; v < vocabularySize; v++) {
                lp[r * vocabularySize + v] = (float) row[v];
            }
            attention[r * 3 + states[r][0] % 3] = 1f;
            next[r] = new int[] {states[r][0], previousTokens[r]};
        }
        return new Step<>(lp, next, attention);
    }

    @Override
    public int[][] selectRows(int[][] states, int[] rows) {
        int[][] selected = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = states[rows[i]];
        }
        return selected;
    }

    /** The summed float log-probability of {@code tokens} then {@code <eos>} from {@code sos}, as a search adds it. */
    double replay(int source, int sos, int[] tokens) {
        double sum = 0;
        int older = -1;
        int previous = sos;
        for (int i = 0; i <= tokens.length; i++) {
            int token = i < tokens.length ? tokens[i] : eosId;
            sum += (float) logProbabilities(source, older, previous)[token];
            older = previous;
            previous = token;
        }
        return sum;
    }
}
