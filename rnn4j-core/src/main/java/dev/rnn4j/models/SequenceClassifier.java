package dev.rnn4j.models;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The classic text classifier: {@code Embedding → (bi)RNN/LSTM/GRU → pooling → Linear}, with
 * parameters under the module names {@code embedding}, {@code rnn}, {@code attention} (if used)
 * and {@code fc}, as a PyTorch {@code nn.Module} with those attributes would name them.
 *
 * <p>Input: token ids (B, T) batch-first, with per-row lengths (padding never reaches a state:
 * the packed path is used). Output: logits (B, numClasses), or (B, 1) for a binary model trained
 * with BCE-with-logits.
 */
public final class SequenceClassifier extends Module {

    /** Architecture, as saved in the model's JSON config. */
    public record Config(int vocabSize, int embeddingDim, CellType cell, int hiddenSize, int numLayers,
                         boolean bidirectional, double dropout, double embeddingDropout, Pooling pooling,
                         int outputs, int paddingIdx) {
        public Config {
            if (vocabSize <= 0 || embeddingDim <= 0 || hiddenSize <= 0 || numLayers <= 0 || outputs <= 0) {
                throw new IllegalArgumentException("classifier config: sizes must be positive, got vocab " + vocabSize
                        + ", embedding " + embeddingDim + ", hidden " + hiddenSize + ", layers " + numLayers
                        + ", outputs " + outputs);
            }
        }
    }

    private final Config config;
    private final Embedding embedding;
    private final RecurrentLayer rnn;
    private final Linear attention;
    private final Linear attentionScore;
    private final Dropout embeddingDropout;
    private final Dropout outputDropout;
    private final Linear fc;

    public SequenceClassifier(Config c, Rng rng) {
        this.config = c;
        this.embedding = registerModule("embedding", new Embedding(c.vocabSize(), c.embeddingDim(), c.paddingIdx(), rng));
        RecurrentLayer.Options o = new RecurrentLayer.Options(c.embeddingDim(), c.hiddenSize())
                .numLayers(c.numLayers()).bidirectional(c.bidirectional()).batchFirst(true)
                .dropout(c.numLayers() > 1 ? c.dropout() : 0);
        this.rnn = registerModule("rnn", RecurrentLayer.of(c.cell(), o, rng));
        int features = c.hiddenSize() * (c.bidirectional() ? 2 : 1);
        if (c.pooling() == Pooling.ATTENTION) {
            this.attention = registerModule("attention", new Linear(features, features, rng));
            this.attentionScore = registerModule("attention_score", new Linear(features, 1, false, rng));
        } else {
            this.attention = null;
            this.attentionScore = null;
        }
        // registered so that train(false) reaches them; they hold no parameters
        this.embeddingDropout = registerModule("embedding_dropout", new Dropout(c.embeddingDropout(), rng));
        this.outputDropout = registerModule("output_dropout", new Dropout(c.dropout(), rng));
        this.fc = registerModule("fc", new Linear(features, c.outputs(), rng));
    }

    public Config config() {
        return config;
    }

    /**
     * Logits (B, outputs) for token ids (B·T, row-major (B, T)) and lengths (B), or null lengths
     * for full rows.
     */
    public Tensor forward(int[] ids, int batch, int steps, int[] lengths) {
        if (batch <= 0 || steps <= 0 || ids.length != batch * steps) {
            throw new IllegalArgumentException("classifier: expected " + batch + " × " + steps + " token ids, got "
                    + ids.length);
        }
        Tensor emb = embedding.forward(ids, batch, steps); // (B, T, E)
        return forwardEmbedded(emb, lengths);
    }

    /**
     * Logits (B, outputs) for already embedded tokens (B, T, embeddingDim) and lengths (B), or null
     * lengths for full rows: everything {@link #forward} does after the embedding lookup. Gradients
     * reach {@code embedded} when it requires them (attributions over the embedding).
     */
    public Tensor forwardEmbedded(Tensor embedded, int[] lengths) {
        if (embedded == null || embedded.rank() != 3 || embedded.size(2) != config.embeddingDim()) {
            throw new IllegalArgumentException("classifier: expected embedded tokens (B, T, " + config.embeddingDim()
                    + "), got " + (embedded == null ? "null" : Shape.str(embedded.shape())));
        }
        int batch = embedded.size(0);
        int steps = embedded.size(1);
        RecurrentOutput r = rnn.forward(embeddingDropout.forward(embedded), lengths);
        Tensor pooled = pool(r, batch, steps, lengths);
        return fc.forward(outputDropout.forward(pooled));
    }

    private Tensor pool(RecurrentOutput r, int batch, int steps, int[] lengths) {
        int dirs = rnn.directions();
        int hidden = rnn.hiddenSize();
        Tensor out = r.output(); // (B, T, D·H), zero past each length
        switch (config.pooling()) {
            case LAST -> {
                int last = (rnn.numLayers() - 1) * dirs;
                List<Tensor> parts = new ArrayList<>(dirs);
                for (int d = 0; d < dirs; d++) {
                    parts.add(r.hN().select(0, last + d)); // (B, H)
                }
                return dirs == 1 ? parts.get(0) : Tensor.cat(parts, 1);
            }
            case MEAN -> {
                float[] inv = new float[batch * steps * dirs * hidden];
                for (int b = 0; b < batch; b++) {
                    int len = lengths == null ? steps : lengths[b];
                    for (int t = 0; t < len; t++) {
                        java.util.Arrays.fill(inv, (b * steps + t) * dirs * hidden, (b * steps + t + 1) * dirs * hidden,
                                1f / len);
                    }
                }
                return Ops.applyMask(out, inv, "mean_pool").sum(1);
            }
            case MAX -> {
                // padded steps are zero in the output; push them far below any real value first
                Tensor masked = out.add(paddingBias(batch, steps, dirs * hidden, lengths, out, -1e9));
                return masked.max(1);
            }
            case ATTENTION -> {
                Tensor scores = attentionScore.forward(attention.forward(out).tanh()); // (B, T, 1)
                scores = scores.add(paddingBias(batch, steps, 1, lengths, out, -1e9));
                Tensor weights = scores.softmax(1); // (B, T, 1)
                Tensor expanded = weights.matmul(Tensor.full(out.dtype(), 1.0, 1, dirs * hidden));
                return out.mul(expanded).sum(1);
            }
            default -> throw new IllegalStateException(String.valueOf(config.pooling()));
        }
    }

    /** A constant (B, T, width) tensor: 0 at valid steps, {@code value} past each row's length. */
    private static Tensor paddingBias(int batch, int steps, int width, int[] lengths, Tensor like, double value) {
        Tensor bias = Tensor.zeros(like.dtype(), batch, steps, width);
        if (lengths != null) {
            for (int b = 0; b < batch; b++) {
                for (int t = lengths[b]; t < steps; t++) {
                    for (int j = 0; j < width; j++) {
                        bias.setFlat((b * steps + t) * width + j, value);
                    }
                }
            }
        }
        return bias;
    }

    public Embedding embedding() {
        return embedding;
    }

    public RecurrentLayer rnn() {
        return rnn;
    }

    public Linear fc() {
        return fc;
    }

    @Override
    public String toString() {
        return "SequenceClassifier(" + config + ", " + parameterCount() + " parameters, input ids "
                + Shape.str(new int[] {-1, -1}) + ")";
    }
}
