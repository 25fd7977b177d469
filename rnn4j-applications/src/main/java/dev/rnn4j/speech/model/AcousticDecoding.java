package dev.rnn4j.speech.model;

import dev.rnn4j.ctc.CtcGreedyDecoder;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognition with a trained {@link AcousticNetwork}, in evaluation mode and without recording gradients:
 * the most probable class for isolated digits, greedy CTC decoding (best class per step, repeats collapsed,
 * blanks dropped) for connected digits.
 */
public final class AcousticDecoding {

    private AcousticDecoding() {
    }

    /**
     * The recognised digits of each utterance, in batches of {@code batchSize}. Switches the network to
     * evaluation mode.
     *
     * @param features utterances of (frames, F)
     * @return one row of digits 0-9 per utterance (exactly one digit for isolated digits; possibly none for CTC)
     */
    public static int[][] recognise(AcousticNetwork network, List<float[][]> features, int batchSize) {
        if (network == null || features == null || batchSize < 1) {
            throw new IllegalArgumentException("network, features, batchSize: expected a network, utterances and a "
                    + "batch size >= 1, got " + network + ", " + features + ", " + batchSize);
        }
        network.eval();
        int[][] result = new int[features.size()][];
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int from = 0; from < features.size(); from += batchSize) {
                int to = Math.min(features.size(), from + batchSize);
                List<float[][]> part = features.subList(from, to);
                List<int[]> noLabels = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    noLabels.add(new int[0]);
                }
                FeatureBatch batch = FeatureBatch.of(part, noLabels, network.config());
                Tensor out = network.forward(batch.x(), batch.lengths());
                int[][] rows = network.config().task() == SpeechTask.DIGITS ? argmaxRows(out)
                        : CtcGreedyDecoder.decode(out, batch.lengths(), 0);
                for (int i = 0; i < rows.length; i++) {
                    result[from + i] = network.config().task() == SpeechTask.DIGITS ? rows[i] : toDigits(rows[i]);
                }
            }
        }
        return result;
    }

    /** CTC labels 1-10 to digits 0-9. */
    static int[] toDigits(int[] labels) {
        int[] digits = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            digits[i] = labels[i] - 1;
        }
        return digits;
    }

    /** Digits 0-9 to CTC labels 1-10 (0 is the blank). */
    static int[] toLabels(int[] digits) {
        int[] labels = new int[digits.length];
        for (int i = 0; i < digits.length; i++) {
            labels[i] = digits[i] + 1;
        }
        return labels;
    }

    // logits: (B, C) -> B rows of one class
    private static int[][] argmaxRows(Tensor logits) {
        int batch = logits.size(0);
        int classes = logits.size(1);
        float[] v = logits.toFloatArray();
        int[][] rows = new int[batch][];
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (v[b * classes + c] > v[b * classes + best]) {
                    best = c;
                }
            }
            rows[b] = new int[] {best};
        }
        return rows;
    }
}
