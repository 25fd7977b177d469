package dev.rnn4j.models.seq2seq;

import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An attention encoder-decoder for translation: {@code encoder} ({@link Encoder}) and
 * {@code decoder} ({@link Decoder}), parameters named as the PyTorch reference model's
 * ({@code encoder.rnn.weight_ih_l0_reverse}, {@code decoder.attention.attn.weight},
 * {@code decoder.fc_out.bias}, ...), so its state dict loads by name.
 *
 * <p>Token batches are time-major and padded: {@code src} (S, B) and {@code trg} (T, B) as
 * row-major int arrays ({@code src[s * B + b]}), sources with their lengths, targets starting with
 * {@code <sos>} and padded with {@code pad}.
 *
 * <p>Training: {@link #forward} (teacher forcing) and {@link #loss}. Search: {@link #encode},
 * {@link #initialState}, then {@link #step} for any number of {@link DecoderState}s, with
 * {@link DecoderState#selectRows} to reorder hypotheses; {@link #greedy} is the simplest search.
 * Run searches inside {@link Autograd#noGrad()} (the scope is per thread) and in {@link #eval()}
 * mode; then nothing in the model changes, and several threads may search at once, each with its
 * own states.
 */
public final class Seq2Seq extends Module {

    private final Seq2SeqConfig config;
    private final Encoder encoder;
    private final Decoder decoder;

    public Seq2Seq(Seq2SeqConfig config, Rng rng) {
        if (config == null) {
            throw new IllegalArgumentException("Seq2Seq: config is null");
        }
        this.config = config;
        this.encoder = registerModule("encoder", new Encoder(config, rng));
        this.decoder = registerModule("decoder", new Decoder(config, rng));
    }

    public Seq2SeqConfig config() {
        return config;
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    /**
     * Encodes a batch of sources and prepares their attention memory.
     *
     * @param src     (S, B) token ids, time-major
     * @param lengths (B) valid lengths, 1..S
     */
    public EncodedSource encode(int[] src, int[] lengths) {
        Encoder.Output out = encoder.forward(src, lengths);
        Tensor values = out.outputs().transpose(0, 1); // (B, S, 2H)
        return new EncodedSource(decoder.attention().prepare(values, lengths), out.hidden());
    }

    /** The decoder's state before the first step, one row per source. */
    public DecoderState initialState(EncodedSource encoded) {
        return decoder.initialState(encoded.memory(), encoded.initialHidden());
    }

    /**
     * One search step: the log-probabilities of every row's next token.
     *
     * @param previous the previous token of each row (B); {@code sos} at the first step
     */
    public SearchStep step(DecoderState state, int[] previous) {
        DecoderStep s = decoder.step(state, previous);
        return new SearchStep(s.logits().logSoftmax(-1), s.attention(), s.next());
    }

    /**
     * The teacher-forced pass: step t reads {@code trg[t]} and predicts {@code trg[t + 1]}, for
     * t = 0..T−2.
     *
     * @param src     (S, B) source ids, time-major
     * @param lengths (B) source lengths
     * @param trg     (T, B) target ids, time-major, T ≥ 2
     */
    public TeacherForced forward(int[] src, int[] lengths, int[] trg) {
        int batch = lengths == null ? 0 : lengths.length;
        int steps = requireTargets(trg, batch);
        DecoderState state = initialState(encode(src, lengths));
        List<Tensor> features = new ArrayList<>(steps - 1);
        List<Tensor> weights = new ArrayList<>(steps - 1);
        for (int t = 0; t < steps - 1; t++) {
            Decoder.Advance a = decoder.advance(state, Arrays.copyOfRange(trg, t * batch, (t + 1) * batch));
            features.add(a.features());
            weights.add(a.weights());
            state = a.next();
        }
        // the output layer once over all steps: (T−1, B, F) → (T−1, B, V)
        return new TeacherForced(decoder.output(Tensor.stack(features, 0)), Tensor.stack(weights, 1));
    }

    /**
     * Cross entropy of the teacher-forced logits against {@code trg[1:]}, ignoring {@code pad}, mean
     * over the tokens kept: {@code F.cross_entropy(logits.reshape(-1, V), trg[1:].reshape(-1),
     * ignore_index=pad, label_smoothing=labelSmoothing)}.
     *
     * @param out            from {@link #forward} with the same {@code trg}
     * @param trg            (T, B) target ids
     * @param labelSmoothing ε in [0, 1], 0 for none
     */
    public Tensor loss(TeacherForced out, int[] trg, double labelSmoothing) {
        int batch = out.logits().size(1);
        int steps = requireTargets(trg, batch);
        if (out.logits().size(0) != steps - 1) {
            throw new IllegalArgumentException("Seq2Seq.loss: logits " + Shape.str(out.logits().shape())
                    + " do not belong to targets of " + steps + " steps (expected " + (steps - 1) + " steps of logits)");
        }
        return Losses.crossEntropy(out.logits().reshape(-1, config.trgVocab()),
                Arrays.copyOfRange(trg, batch, trg.length), null, config.pad(), labelSmoothing, Reduction.MEAN);
    }

    /**
     * Greedy decoding: from {@code sos}, each row takes its most probable token (the first on ties)
     * for {@code maxSteps} steps. Runs without autograd.
     *
     * @param stopAtEos when true each row ends before its first {@code eos} (not included) and decoding
     *                  stops once every row has ended; when false every row has {@code maxSteps} tokens
     * @return one token array per source
     */
    public int[][] greedy(int[] src, int[] lengths, int maxSteps, boolean stopAtEos) {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("greedy: maxSteps must be ≥ 0, got " + maxSteps);
        }
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            DecoderState state = initialState(encode(src, lengths));
            int batch = state.batch();
            int vocab = config.trgVocab();
            int[][] tokens = new int[batch][maxSteps];
            int[] produced = new int[batch];
            boolean[] ended = new boolean[batch];
            int[] previous = new int[batch];
            Arrays.fill(previous, config.sos());
            int running = batch;
            for (int t = 0; t < maxSteps && running > 0; t++) {
                DecoderStep s = decoder.step(state, previous);
                Tensor logits = s.logits();
                for (int b = 0; b < batch; b++) {
                    int best = 0;
                    for (int v = 1; v < vocab; v++) {
                        if (logits.getFlat(b * vocab + v) > logits.getFlat(b * vocab + best)) {
                            best = v;
                        }
                    }
                    previous[b] = best;
                    if (ended[b]) {
                        continue;
                    }
                    if (stopAtEos && best == config.eos()) {
                        ended[b] = true;
                        running--;
                    } else {
                        tokens[b][produced[b]++] = best;
                    }
                }
                state = s.next();
            }
            for (int b = 0; b < batch; b++) {
                tokens[b] = Arrays.copyOf(tokens[b], produced[b]);
            }
            return tokens;
        }
    }

    /** T, after checking that {@code trg} holds (T, B) ids with T ≥ 2. */
    private static int requireTargets(int[] trg, int batch) {
        if (trg == null || batch == 0 || trg.length % batch != 0 || trg.length / batch < 2) {
            throw new IllegalArgumentException("Seq2Seq: expected trg (T, B) with T ≥ 2 and B = " + batch + ", got "
                    + (trg == null ? "null" : trg.length + " ids"));
        }
        return trg.length / batch;
    }
}
