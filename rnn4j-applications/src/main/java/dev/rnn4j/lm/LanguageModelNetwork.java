package dev.rnn4j.lm;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Init;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.recurrent.Cells;
import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network of PyTorch's {@code word_language_model} {@code RNNModel}, time-major:
 * <pre>{@code
 * emb = drop(encoder(ids))              # ids (T, B) -> (T, B, E)
 * out, hidden = rnn(emb, hidden)        # (T, B, H); hidden (L, B, H) each
 * logits = decoder(drop(out))           # (T·B, V)
 * }</pre>
 * with its initialisation: encoder and decoder weights U(−0.1, 0.1), decoder bias 0, recurrent weights as
 * PyTorch's layer. Parameter names are PyTorch's: {@code encoder.weight}, {@code rnn.weight_ih_l0}, ...,
 * {@code decoder.weight}, {@code decoder.bias}. With tied weights the decoder multiplies by
 * {@code encoder.weight} and owns only {@code decoder.bias}; {@link #pytorchStateDict()} lists the shared matrix
 * under both names, as PyTorch's {@code state_dict()} does.
 */
public final class LanguageModelNetwork extends Module {

    private final LanguageModelConfig config;
    private final Embedding encoder;
    private final Dropout drop;
    private final RecurrentLayer rnn;
    private final Linear decoder;       // null when tied
    private final Tensor decoderBias;   // the tied decoder's bias, else null

    /** The network of {@code config}, initialised from {@code rng} (which also drives its dropout). */
    public LanguageModelNetwork(LanguageModelConfig config, Rng rng) {
        if (config == null || rng == null) {
            throw new IllegalArgumentException("config, rng: expected non-null arguments");
        }
        this.config = config;
        int v = config.vocabulary();
        this.encoder = registerModule("encoder", new Embedding(v, config.embedding(), -1, rng));
        Init.uniform(encoder.weight(), -0.1, 0.1, rng);
        if (config.embeddingDropout() > 0) {
            encoder.wordDropout(config.embeddingDropout(), rng);
        }
        this.drop = registerModule("drop", new Dropout(config.dropout(), rng));
        RecurrentLayer.Options options = new RecurrentLayer.Options(config.embedding(), config.hidden())
                .numLayers(config.layers()).dropout(config.layers() > 1 ? config.dropout() : 0)
                .weightDropout(config.weightDropout());
        this.rnn = registerModule("rnn", RecurrentLayer.of(Cells.forName(config.cell()), options, rng));
        if (config.tieWeights()) {
            this.decoder = null;
            this.decoderBias = registerParameter("decoder.bias", Tensor.zeros(v));
        } else {
            this.decoder = registerModule("decoder", new Linear(config.hidden(), v, rng));
            Init.uniform(decoder.weight(), -0.1, 0.1, rng);
            Init.constant(decoder.bias(), 0);
            this.decoderBias = null;
        }
    }

    /**
     * The logits of the next token at every position, and the final states.
     *
     * @param logits (T·B, V), row {@code t·B + b}
     * @param hN     (L, B, H)
     * @param cN     (L, B, H), or null for a cell without a cell state
     */
    public record Output(Tensor logits, Tensor hN, Tensor cN) {
    }

    /**
     * @param ids     (T, B) token ids, time-major
     * @param steps   T
     * @param streams B
     * @param h0      (L, B, H) or null for zeros
     * @param c0      (L, B, H) or null for zeros (cells with a cell state only)
     */
    public Output forward(int[] ids, int steps, int streams, Tensor h0, Tensor c0) {
        if (ids == null || steps < 1 || streams < 1 || ids.length != steps * streams) {
            throw new IllegalArgumentException("language model: expected ids (T, B) with T, B >= 1, got "
                    + (ids == null ? "null" : ids.length + " ids") + " for T = " + steps + ", B = " + streams);
        }
        Tensor embedded = encoder.forward(ids, steps, streams);                 // (T, B, E)
        Tensor emb = drop.forward(embedded);
        RecurrentOutput r = rnn.forward(emb, null, h0, rnn.cell().hasCellState() ? c0 : null);
        Tensor dropped = drop.forward(r.output());                              // (T, B, H)
        Tensor out = dropped.reshape(steps * streams, config.hidden());        // (T·B, H)
        Tensor logits = config.tieWeights() ? Ops.linear(out, encoder.weight(), decoderBias) : decoder.forward(out);
        releaseAfterBackward(List.of(embedded, emb, r.output(), dropped), logits, r.hN(), r.cN());
        return new Output(logits, r.hN(), r.cN());
    }

    /**
     * Declares the activations that never leave {@link #forward} ({@link Tensor#releaseAfterBackward()}): the
     * embeddings, the recurrent output and their dropped-out copies, (T, B, E) and (T, B, H) each, go back to
     * {@link ArrayCache} once the backward pass is done with them, so that a training step hands them to the next
     * instead of leaving them to the collector; without a recorded graph (scoring, generation) they go back now.
     * Each array once, and none the caller gets (a dropout that is the identity returns its input; a reshape
     * shares its input's array).
     */
    private static void releaseAfterBackward(List<Tensor> internals, Tensor logits, Tensor hN, Tensor cN) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(logits.data());
        seen.add(hN.data());
        if (cN != null) {
            seen.add(cN.data());
        }
        boolean noGraph = logits.gradFn() == null && hN.gradFn() == null; // every recorded operation leads to them
        for (Tensor t : internals) {
            if (noGraph) {
                if (seen.add(t.data())) {
                    ArrayCache.give(t.f());
                }
            } else if (t.gradFn() != null && seen.add(t.data())) {
                t.releaseAfterBackward();
            }
        }
    }

    /** The network's settings. */
    public LanguageModelConfig config() {
        return config;
    }

    /** The recurrent layers. */
    public RecurrentLayer rnn() {
        return rnn;
    }

    /** The embedding matrix (V, E). */
    public Tensor embeddingWeight() {
        return encoder.weight();
    }

    /** The decoder's weight (V, H): the embedding matrix when tied. */
    public Tensor decoderWeight() {
        return config.tieWeights() ? encoder.weight() : decoder.weight();
    }

    /** The decoder's bias (V). */
    public Tensor decoderBias() {
        return config.tieWeights() ? decoderBias : decoder.bias();
    }

    /** The parameters under PyTorch's names, a tied matrix under both of its names. */
    public Map<String, Tensor> pytorchStateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            if (e.getKey().equals("decoder.bias") && config.tieWeights()) {
                out.put("decoder.weight", encoder.weight());
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
