package dev.rnn4j.nn;

import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/**
 * {@code torch.nn.Embedding}: a lookup table weight (numEmbeddings, embeddingDim), initialised
 * N(0, 1), with the {@code paddingIdx} row zero and never updated.
 */
public final class Embedding extends Module {

    private final int numEmbeddings;
    private final int embeddingDim;
    private final int paddingIdx;
    private Tensor weight;
    private double wordDropout;
    private Rng dropoutRng;

    /** @param paddingIdx a row that stays zero and gets no gradient, or −1 for none */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, Rng rng) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got " + numEmbeddings + " × "
                    + embeddingDim);
        }
        if (paddingIdx < -1 || paddingIdx >= numEmbeddings) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " is outside 0.."
                    + (numEmbeddings - 1));
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx;
        this.weight = registerParameter("weight", Init.normal(Tensor.zeros(numEmbeddings, embeddingDim), 0, 1, rng));
        if (paddingIdx >= 0) {
            for (int j = 0; j < embeddingDim; j++) {
                weight.setFlat(paddingIdx * embeddingDim + j, 0);
            }
        }
    }

    /**
     * Embedding dropout (Gal &amp; Ghahramani 2016; AWD-LSTM's {@code embedded_dropout}): while
     * training, each word of the vocabulary is dropped with probability p for a whole forward pass
     * (every occurrence of it in the batch becomes zero), the rest scaled by 1/(1−p).
     */
    public Embedding wordDropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Embedding: wordDropout must be in [0, 1), got " + p);
        }
        this.wordDropout = p;
        this.dropoutRng = rng;
        return this;
    }

    /** ids of shape S → (S..., embeddingDim). */
    public Tensor forward(int[] ids, int... idsShape) {
        Tensor out = Ops.embedding(weight, ids, idsShape, paddingIdx);
        if (!isTraining() || wordDropout == 0) {
            return out;
        }
        // one decision per distinct word in this batch, drawn in order of first appearance
        float[] keep = new float[numEmbeddings];
        java.util.Arrays.fill(keep, Float.NaN); // not drawn yet
        float scale = (float) (1 / (1 - wordDropout));
        float[] mask = new float[ids.length * embeddingDim];
        for (int i = 0; i < ids.length; i++) {
            float m = keep[ids[i]];
            if (Float.isNaN(m)) {
                m = dropoutRng.nextDouble() >= wordDropout ? scale : 0f;
                keep[ids[i]] = m;
            }
            java.util.Arrays.fill(mask, i * embeddingDim, (i + 1) * embeddingDim, m);
        }
        return Ops.applyMask(out, mask, "embedding_dropout");
    }

    public Tensor weight() {
        return weight;
    }

    public int numEmbeddings() {
        return numEmbeddings;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    public int paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected void onParametersReplaced() {
        weight = parameter("weight");
    }
}
