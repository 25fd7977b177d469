package dev.rnn4j.ctc;

import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;

/**
 * Best-path decoding of CTC outputs: the most likely class at each frame (the frame-wise
 * alignment), then repeats merged and blanks dropped. Fast and usually close to the best
 * labelling, but not always it: the best labelling sums over many alignments, the best path is one
 * ({@link CtcPrefixBeamSearch} searches over labellings).
 */
public final class CtcGreedyDecoder {

    private CtcGreedyDecoder() {
    }

    /**
     * The decoded labels of every row.
     *
     * @param logProbs     (T, B, C) log-probabilities (or any scores whose per-frame argmax is wanted)
     * @param inputLengths B frame counts in [0, T]; row b reads frames [0, inputLengths[b])
     * @param blank        the blank class in [0, C)
     */
    public static int[][] decode(Tensor logProbs, int[] inputLengths, int blank) {
        int[][] paths = alignment(logProbs, inputLengths);
        checkBlank(blank, logProbs.size(2));
        int[][] out = new int[paths.length][];
        for (int b = 0; b < paths.length; b++) {
            out[b] = collapse(paths[b], blank);
        }
        return out;
    }

    /**
     * The most likely class at each frame of every row, up to its length (the first on ties): the
     * alignment to draw under a spectrogram.
     *
     * @param logProbs     (T, B, C) scores
     * @param inputLengths B frame counts in [0, T]
     * @return B rows, row b of {@code inputLengths[b]} classes
     */
    public static int[][] alignment(Tensor logProbs, int[] inputLengths) {
        checkInputs(logProbs, inputLengths);
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        int[][] out = new int[batch][];
        for (int b = 0; b < batch; b++) {
            out[b] = new int[inputLengths[b]];
            for (int t = 0; t < inputLengths[b]; t++) {
                int base = (t * batch + b) * classes;
                int best = 0;
                double bestScore = logProbs.getFlat(base);
                for (int c = 1; c < classes; c++) {
                    double score = logProbs.getFlat(base + c);
                    if (score > bestScore) {
                        best = c;
                        bestScore = score;
                    }
                }
                out[b][t] = best;
            }
        }
        return out;
    }

    /** The labelling a frame-wise path stands for: consecutive repeats merged, then blanks dropped. */
    public static int[] collapse(int[] path, int blank) {
        int[] labels = new int[path.length];
        int count = 0;
        int previous = -1;
        for (int c : path) {
            if (c != previous && c != blank) {
                labels[count++] = c;
            }
            previous = c;
        }
        return Arrays.copyOf(labels, count);
    }

    static void checkInputs(Tensor logProbs, int[] inputLengths) {
        if (logProbs == null || logProbs.rank() != 3) {
            throw new IllegalArgumentException("ctc decode: expected log_probs (T, B, C), got "
                    + (logProbs == null ? "null" : Shape.str(logProbs.shape())));
        }
        int steps = logProbs.size(0);
        int batch = logProbs.size(1);
        if (inputLengths == null || inputLengths.length != batch) {
            throw new IllegalArgumentException("ctc decode: expected input_lengths of B = " + batch + " values, got "
                    + (inputLengths == null ? "null" : inputLengths.length));
        }
        for (int b = 0; b < batch; b++) {
            if (inputLengths[b] < 0 || inputLengths[b] > steps) {
                throw new IllegalArgumentException("ctc decode: input_lengths[" + b + "] = " + inputLengths[b]
                        + " is outside 0.." + steps + " (T of log_probs " + Shape.str(logProbs.shape()) + ")");
            }
        }
    }

    static void checkBlank(int blank, int classes) {
        if (blank < 0 || blank >= classes) {
            throw new IllegalArgumentException("ctc decode: blank must be in 0.." + (classes - 1) + " (C = " + classes
                    + "), got " + blank);
        }
    }
}
