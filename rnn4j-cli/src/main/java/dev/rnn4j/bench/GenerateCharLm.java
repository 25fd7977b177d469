package dev.rnn4j.bench;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.recurrent.TokenStepper;
import dev.rnn4j.tensor.Rng;

/**
 * {@code generate_charlm} of the reference: the char-LM of {@code train_lstm_charlm} untrained
 * (Embedding(65, 512) → 2-layer LSTM(512), time-major → Linear(512, 65)), sampling 300 characters
 * one at a time at batch 1 from the zero state and token 0: each step embeds the previous
 * character, advances the LSTM one step, and samples the next character from
 * {@code softmax(logits / 0.8)}. Throughput in chars/s = characters / median run time.
 *
 * <p>Embedding and LSTM step through {@link TokenStepper} (the embedding folded into the first
 * layer's input weights, since 65 characters are fewer than 512 embedding values; then at batch 1
 * one fused cell step per layer, no allocation); the output layer is one (1, 512) × (512, 65)
 * product and the softmax and the inverse-CDF draw run over 65 doubles.
 */
public final class GenerateCharLm implements Workload {

    /** The reference's sampling temperature. */
    public static final double TEMPERATURE = 0.8;

    private final int hidden;
    private final int layers;
    private final int vocab;
    private final int steps;
    private final int warmup;
    private final int reps;

    /** The reference sizes: hidden 512, 2 layers, vocabulary 65, 300 characters. */
    public GenerateCharLm() {
        // 20 warm-up runs instead of the reference's 3, as for the stream workloads: 900 steps leave
        // the fused step kernels short of their final compilation
        this(512, 2, 65, 300, 20, 7);
    }

    public GenerateCharLm(int hidden, int layers, int vocab, int steps, int warmup, int reps) {
        RandomData.checkPositive("generate charlm", hidden, layers, vocab, steps);
        RandomData.checkRepetitions("generate charlm", warmup, reps);
        this.hidden = hidden;
        this.layers = layers;
        this.vocab = vocab;
        this.steps = steps;
        this.warmup = warmup;
        this.reps = reps;
    }

    @Override
    public String name() {
        return "generate_charlm";
    }

    @Override
    public String unit() {
        return "chars/s";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        Embedding emb = new Embedding(vocab, hidden, -1, rng);
        LSTM rnn = new LSTM(new RecurrentLayer.Options(hidden, hidden).numLayers(layers), rng);
        Linear fc = new Linear(hidden, vocab, rng);
        TokenStepper stepper = new TokenStepper(emb, rnn, 1);
        Kernels kernels = KernelProvider.get();
        float[] weight = fc.weight().f();  // (V, H)
        float[] bias = fc.bias().f();      // (V)
        int[] previous = new int[1];       // (B = 1): the previous character
        float[] logits = new float[vocab]; // (1, V)
        double[] probs = new double[vocab];
        Rng sampler = new Rng(1);
        Runnable run = () -> {
            stepper.reset();
            previous[0] = 0;
            for (int t = 0; t < steps; t++) {
                float[] h = stepper.step(previous); // (1, H), the last layer's output
                kernels.sgemm(false, true, 1, vocab, hidden, h, 0, hidden, weight, 0, hidden, 0f, logits, 0, vocab);
                previous[0] = sample(logits, bias, probs, sampler);
            }
        };
        return steps / Timing.medianSeconds(run, warmup, reps);
    }

    /** Draws from {@code softmax((logits + bias) / TEMPERATURE)} by inverting its cumulative sum. */
    static int sample(float[] logits, float[] bias, double[] probs, Rng rng) {
        int n = probs.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < n; v++) {
            probs[v] = (logits[v] + bias[v]) / TEMPERATURE;
            max = Math.max(max, probs[v]);
        }
        double sum = 0;
        for (int v = 0; v < n; v++) {
            probs[v] = Math.exp(probs[v] - max);
            sum += probs[v];
        }
        double u = rng.nextDouble() * sum;
        for (int v = 0; v < n - 1; v++) {
            u -= probs[v];
            if (u < 0) {
                return v;
            }
        }
        return n - 1;
    }
}
