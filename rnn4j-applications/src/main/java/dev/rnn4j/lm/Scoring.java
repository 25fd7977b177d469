package dev.rnn4j.lm;

import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;

/**
 * Scores a text the way training reads it: the ids cut into S contiguous streams read side by side in windows
 * of T steps, the state carried from window to window, so every prediction after a stream's first character sees
 * the whole stream before it. Without gradients; the network must be in evaluation mode.
 */
final class Scoring {

    /** Streams a text is scored in at most (as PyTorch's {@code word_language_model} evaluates, batch 10). */
    static final int MAX_STREAMS = 16;

    private Scoring() {
    }

    /**
     * @param vocabulary the ids' vocabulary: for subwords the characters of the predicted tokens are counted
     * @param ids        the text's ids, at least 2
     * @param window     T, steps per forward pass
     */
    static Evaluation score(LanguageModelNetwork network, TokenVocabulary vocabulary, int[] ids, int window,
                            long unknown) {
        if (ids.length < 2) {
            throw new IllegalArgumentException("text: expected at least 2 " + (vocabulary instanceof BpeVocabulary
                    ? "subword tokens" : "characters") + " to score (one to read, one to predict), got " + ids.length);
        }
        int streams = Math.max(1, Math.min(MAX_STREAMS, ids.length / (window + 1)));
        int streamLength = ids.length / streams;
        int positions = streamLength - 1;
        double sum = 0;
        Tensor h = null;
        Tensor c = null;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int start = 0; start < positions; start += window) {
                int len = Math.min(window, positions - start);
                int[] x = new int[len * streams];
                int[] y = new int[len * streams];
                for (int t = 0; t < len; t++) {
                    for (int b = 0; b < streams; b++) {
                        int at = b * streamLength + start + t;
                        x[t * streams + b] = ids[at];
                        y[t * streams + b] = ids[at + 1];
                    }
                }
                LanguageModelNetwork.Output out = network.forward(x, len, streams, h, c);
                sum += nll(out.logits(), y);
                h = out.hN();
                c = out.cN();
            }
        }
        long tokens = (long) streams * positions;
        if (!(vocabulary instanceof BpeVocabulary)) {
            return new Evaluation(sum, tokens, unknown);
        }
        long characters = 0;
        for (int b = 0; b < streams; b++) {
            for (int p = 1; p <= positions; p++) {
                characters += vocabulary.characters(ids[b * streamLength + p]); // the targets: positions 1..L-1
            }
        }
        return new Evaluation(sum, tokens, unknown, characters, true);
    }

    /** Σ over rows of −log softmax(logits)[target], in double. logits (N, V). */
    private static double nll(Tensor logits, int[] targets) {
        float[] z = logits.toFloatArray();
        int v = logits.size(1);
        double sum = 0;
        for (int r = 0; r < targets.length; r++) {
            int o = r * v;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, z[o + j]);
            }
            double s = 0;
            for (int j = 0; j < v; j++) {
                s += Math.exp(z[o + j] - max);
            }
            sum += max + Math.log(s) - z[o + targets[r]];
        }
        return sum;
    }
}
