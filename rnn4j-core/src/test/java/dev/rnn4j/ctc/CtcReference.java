package dev.rnn4j.ctc;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Brute force for tiny CTC problems: every alignment (C^T paths) of one row enumerated, collapsed
 * and its probability summed per labelling. Independent of the recursions under test.
 */
final class CtcReference {

    private CtcReference() {
    }

    /** {@code p(labelling | x)} of every labelling with nonzero probability, keyed by its labels as a list string. */
    static Map<String, Double> labellingProbabilities(Tensor logProbs, int row, int inputLength, int blank) {
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        Map<String, Double> out = new HashMap<>();
        int[] path = new int[inputLength];
        long paths = (long) Math.pow(classes, inputLength);
        for (long index = 0; index < paths; index++) {
            long rest = index;
            double logP = 0;
            for (int t = 0; t < inputLength; t++) {
                path[t] = (int) (rest % classes);
                rest /= classes;
                logP += logProbs.getFlat((t * batch + row) * classes + path[t]);
            }
            out.merge(Arrays.toString(CtcGreedyDecoder.collapse(path, blank)), Math.exp(logP), Double::sum);
        }
        return out;
    }

    /** (T, B, C) float64 log-softmax of seeded U(−scale, scale) logits. */
    static Tensor randomLogProbs(long seed, double scale, int steps, int batch, int classes) {
        Rng rng = new Rng(seed);
        Tensor logits = Tensor.zeros(DType.F64, steps, batch, classes);
        for (int i = 0; i < logits.numel(); i++) {
            logits.setFlat(i, (rng.nextDouble() * 2 - 1) * scale);
        }
        return logits.logSoftmax(2);
    }
}
