package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.Map;

/**
 * Streaming over tokens: {@code embedding → layer}, one step per call for B streams, as a language
 * model generating one token at a time runs it, with no allocation per step (a {@link RecurrentStepper}
 * underneath).
 *
 * <p>When the vocabulary V is smaller than the embedding size E (a character model), the embedding
 * is folded into the first layer's input weights: {@code W_ih · e(y) = (W_ih · Eᵀ)[:, y]}, so the layer
 * reads a one-hot input of V values against a (G, V) matrix instead of an embedded input of E values
 * against the (G, E) one (G: the gate rows). Each step then reads fewer weights (with V = 65 and
 * E = H = 512, an LSTM step of two layers reads 25 % fewer bytes) and the products stay exact in
 * the one-hot part (the zeros add nothing). The folded matrix is computed once, in float32, so the
 * pre-activations differ from the unfolded ones only by rounding. With V ≥ E the embedding row is
 * copied in and the layer runs as it is.
 *
 * <p>A snapshot: the weights are read at construction; make a new stepper after they change. Not
 * thread-safe; unidirectional float32 layers without projection only, as {@link RecurrentStepper}.
 */
public final class TokenStepper {

    private final RecurrentStepper stepper;
    private final boolean folded;
    private final int vocab;
    private final int embeddingDim;
    private final float[] table; // (V, E), the embedding, when not folded
    private final float[] input; // (B, V) one-hot when folded, else (B, E) embedded rows

    /**
     * @param embedding (V, E) token embedding feeding the layer
     * @param layer     a unidirectional float32 layer with input size E
     * @param batch     B, the number of streams
     */
    public TokenStepper(Embedding embedding, RecurrentLayer layer, int batch) {
        if (embedding == null || layer == null) {
            throw new IllegalArgumentException("TokenStepper: embedding and layer must be given");
        }
        if (embedding.embeddingDim() != layer.inputSize()) {
            throw new IllegalArgumentException("TokenStepper: expected a layer with input size "
                    + embedding.embeddingDim() + " (the embedding size), got " + layer.inputSize());
        }
        if (embedding.weight().dtype() != DType.F32) {
            throw new IllegalArgumentException("TokenStepper: streaming runs in float32; the embedding is "
                    + embedding.weight().dtype());
        }
        if (batch < 1) {
            throw new IllegalArgumentException("TokenStepper: batch must be at least 1, got " + batch);
        }
        this.vocab = embedding.numEmbeddings();
        this.embeddingDim = embedding.embeddingDim();
        // an int8 layer reads the embedded row: folding would multiply the embedding into float weights
        this.folded = vocab < embeddingDim && layer.projSize() == 0 && !layer.bidirectional() && layer.int8() == null;
        this.table = embedding.weight().f();
        this.stepper = new RecurrentStepper(folded ? fold(embedding, layer) : layer, batch);
        this.input = new float[batch * (folded ? vocab : embeddingDim)];
    }

    /** Whether the embedding is folded into the first layer (V &lt; E). */
    public boolean folded() {
        return folded;
    }

    /** Sets every stream's state to zero. */
    public void reset() {
        stepper.reset();
    }

    /**
     * Advances every stream by one token.
     *
     * @param tokens B token ids in 0..V−1
     * @return the last layer's hidden state (B, H), the stepper's own array, valid until the next call
     */
    public float[] step(int[] tokens) {
        int batch = stepper.batch();
        if (tokens == null || tokens.length != batch) {
            throw new IllegalArgumentException("TokenStepper: expected " + batch + " tokens (one per stream), got "
                    + (tokens == null ? "null" : tokens.length));
        }
        for (int b = 0; b < batch; b++) {
            if (tokens[b] < 0 || tokens[b] >= vocab) {
                throw new IllegalArgumentException("TokenStepper: token " + tokens[b] + " of stream " + b
                        + " is outside 0.." + (vocab - 1));
            }
        }
        if (!folded) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(table, tokens[b] * embeddingDim, input, b * embeddingDim, embeddingDim);
            }
            return stepper.step(input);
        }
        for (int b = 0; b < batch; b++) {
            input[b * vocab + tokens[b]] = 1f;
        }
        float[] h = stepper.step(input);
        for (int b = 0; b < batch; b++) {
            input[b * vocab + tokens[b]] = 0f;
        }
        return h;
    }

    /**
     * A copy of {@code layer} whose first layer reads a one-hot token: input size V and
     * {@code weight_ih_l0 = W_ih (G, E) · Eᵀ (E, V)}; every other parameter copied.
     */
    private static RecurrentLayer fold(Embedding embedding, RecurrentLayer layer) {
        int vocab = embedding.numEmbeddings();
        int dim = embedding.embeddingDim();
        RecurrentLayer copy = RecurrentLayer.of(layer.cell(), new RecurrentLayer.Options(vocab, layer.hiddenSize())
                .numLayers(layer.numLayers()).bias(layer.hasBias()), new Rng(0));
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            Tensor target = copy.parameter(p.getKey());
            if (p.getKey().equals("weight_ih_l0")) {
                int gates = p.getValue().size(0);
                KernelProvider.get().sgemm(false, true, gates, vocab, dim, p.getValue().f(), 0, dim,
                        embedding.weight().f(), 0, dim, 0f, target.f(), 0, vocab);
            } else {
                float[] from = p.getValue().f();
                System.arraycopy(from, 0, target.f(), 0, from.length);
            }
        }
        return copy;
    }
}
