package dev.rnn4j.lm;

import dev.rnn4j.tensor.Rng;

/**
 * Picks the next character from one row of logits, as {@link GenerationRequest} describes: greedy, or
 * temperature, top-k and top-p (nucleus) sampling; id 0, the unknown symbol, is never picked. Holds scratch
 * arrays, so one sampler per generation call.
 */
final class Sampler {

    private final GenerationRequest request;
    private final int vocabulary;
    private final double[] weights;   // (V) unnormalised probabilities of the sampling distribution
    private final Integer[] order;    // ids by decreasing weight
    private double lastProbability;

    Sampler(GenerationRequest request, int vocabulary) {
        this.request = request;
        this.vocabulary = vocabulary;
        this.weights = new double[vocabulary];
        this.order = new Integer[vocabulary - 1];
    }

    /**
     * The next id from {@code logits[offset, offset + V)}.
     *
     * @param rng this sample's generator (unused when greedy)
     */
    int next(float[] logits, int offset, Rng rng) {
        int best = 1;
        for (int j = 2; j < vocabulary; j++) {
            if (logits[offset + j] > logits[offset + best]) {
                best = j;
            }
        }
        int chosen = request.greedy() ? best : sample(logits, offset, logits[offset + best], rng);
        if (request.probabilities()) {
            lastProbability = modelProbability(logits, offset, chosen);
        }
        return chosen;
    }

    /** p(chosen) under softmax(logits) over the whole vocabulary, of the last {@link #next} call. */
    double lastProbability() {
        return lastProbability;
    }

    private int sample(float[] logits, int offset, float max, Rng rng) {
        double t = request.temperature();
        double total = 0;
        for (int j = 1; j < vocabulary; j++) {
            weights[j] = Math.exp((logits[offset + j] - max) / t);
            total += weights[j];
        }
        weights[0] = 0;
        int kept = vocabulary - 1;
        if (request.topK() > 0 || request.topP() < 1) {
            for (int j = 1; j < vocabulary; j++) {
                order[j - 1] = j;
            }
            // ties keep the lower id first, so the cut is reproducible
            java.util.Arrays.sort(order, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a])
                    : Integer.compare(a, b));
            if (request.topK() > 0) {
                kept = Math.min(kept, request.topK());
            }
            if (request.topP() < 1) {
                double keptTotal = 0;
                for (int i = 0; i < kept; i++) {
                    keptTotal += weights[order[i]];
                }
                double cum = 0;
                for (int i = 0; i < kept; i++) {
                    cum += weights[order[i]];
                    if (cum >= request.topP() * keptTotal) {
                        kept = i + 1;
                        break;
                    }
                }
            }
            total = 0;
            for (int i = 0; i < kept; i++) {
                total += weights[order[i]];
            }
            double u = rng.nextDouble() * total;
            for (int i = 0; i < kept; i++) {
                u -= weights[order[i]];
                if (u < 0) {
                    return order[i];
                }
            }
            return order[kept - 1];
        }
        double u = rng.nextDouble() * total;
        int last = 1;
        for (int j = 1; j < vocabulary; j++) {
            if (weights[j] > 0) {
                last = j;
                u -= weights[j];
                if (u < 0) {
                    return j;
                }
            }
        }
        return last;
    }

    private double modelProbability(float[] logits, int offset, int id) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocabulary; j++) {
            max = Math.max(max, logits[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < vocabulary; j++) {
            sum += Math.exp(logits[offset + j] - max);
        }
        return Math.exp(logits[offset + id] - max) / sum;
    }
}
