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

    /** ids of shape S → (S..., embeddingDim). */
    public Tensor forward(int[] ids, int... idsShape) {
        return Ops.embedding(weight, ids, idsShape, paddingIdx);
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
