package dev.rnn4j.demo;

import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RNN;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber 1997, as set in Le, Jaitly &amp; Hinton 2015):
 * each input step carries a random number in [0, 1) and a marker; exactly two steps are marked,
 * one in each half of the sequence, and the target is the sum of the two marked numbers. Always
 * answering 1 gives a mean squared error of 1/6 ≈ 0.167, the trivial baseline. To beat it the
 * network must carry information across up to T steps: a vanilla RNN's gradients vanish over
 * that distance, an LSTM's and a GRU's do not.
 *
 * <p>This class is the training script: generate a batch, forward, MSE, backward, clip, Adam
 * step; evaluate on a fixed test set; measure the gradient norm reaching each input step.
 */
public final class AddingProblem {

    /** Settings of one run. */
    public record Settings(int seqLen, int hidden, int batchSize, int steps, double lr, int evalEvery, int testSize,
                           long seed) {
        public Settings {
            if (seqLen < 2) {
                throw new IllegalArgumentException("--seq-len must be at least 2, got " + seqLen);
            }
            if (hidden < 1 || batchSize < 1 || steps < 1 || testSize < 1 || evalEvery < 1) {
                throw new IllegalArgumentException("--hidden, --batch-size, --steps, --test-size and --eval-every must "
                        + "be positive");
            }
            if (!(lr > 0)) {
                throw new IllegalArgumentException("--lr must be positive, got " + lr);
            }
        }
    }

    /** What one cell achieved. */
    public record CellResult(String cell, double testMse, double baselineMse, double[] curveSteps, double[] curveMse,
                             double[] gradNormByDistance, double seconds) {
        /** Test MSE as a fraction of the trivial baseline (1.0 = no better than always answering 1). */
        public double relativeToBaseline() {
            return testMse / baselineMse;
        }

        /** Gradient norm at the farthest step over the norm at the nearest step. */
        public double gradientRatio() {
            double near = gradNormByDistance[0];
            double far = gradNormByDistance[gradNormByDistance.length - 1];
            return near == 0 ? 0 : far / near;
        }
    }

    /** A batch: inputs (T, B, 2) and targets (B, 1). */
    record Batch(Tensor x, Tensor y) {
    }

    /** Generates a batch from {@code rng}. */
    static Batch batch(int seqLen, int batch, Rng rng) {
        float[] x = new float[seqLen * batch * 2];
        float[] y = new float[batch];
        int half = seqLen / 2;
        for (int b = 0; b < batch; b++) {
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(seqLen - half);
            for (int t = 0; t < seqLen; t++) {
                float v = rng.nextFloat();
                x[(t * batch + b) * 2] = v;
                if (t == first || t == second) {
                    x[(t * batch + b) * 2 + 1] = 1f;
                    y[b] += v;
                }
            }
        }
        return new Batch(Tensor.of(x, seqLen, batch, 2), Tensor.of(y, batch, 1));
    }

    /** The model: a one-layer recurrent network and a linear read-out of its final state. */
    static final class Model extends Module {
        final RecurrentLayer rnn;
        final Linear head;

        Model(CellType cell, int hidden, Rng rng) {
            RecurrentLayer.Options o = new RecurrentLayer.Options(2, hidden);
            this.rnn = registerModule("rnn", switch (cell) {
                case LSTM -> new LSTM(o, rng);
                case GRU -> new GRU(o, rng);
                default -> new RNN(o, false, rng);
            });
            this.head = registerModule("fc", new Linear(hidden, 1, rng));
        }

        /** Prediction (B, 1) from x (T, B, 2). */
        Tensor forward(Tensor x) {
            Tensor last = rnn.forward(x).hN().select(0, 0); // (B, H)
            return head.forward(last);
        }
    }

    private AddingProblem() {
    }

    /**
     * Trains one cell and evaluates it.
     *
     * @param onStep called after every training step with the step number (progress display)
     */
    public static CellResult train(CellType cell, Settings s, IntConsumer onStep) {
        long start = System.nanoTime();
        Rng init = new Rng(s.seed());
        Model model = new Model(cell, s.hidden(), init);
        Rng data = new Rng(s.seed() + 1);
        Batch test = batch(s.seqLen(), s.testSize(), new Rng(s.seed() + 2));
        double baseline = baselineMse(test);
        Adam adam = new Adam(model.parameters(), s.lr());
        List<double[]> curve = new ArrayList<>();
        curve.add(new double[] {0, evaluate(model, test)});
        for (int step = 1; step <= s.steps(); step++) {
            Batch b = batch(s.seqLen(), s.batchSize(), data);
            adam.zeroGrad();
            Tensor loss = Losses.mse(model.forward(b.x()), b.y());
            loss.backward();
            GradClip.clipGradNorm(model.parameters(), 1.0);
            adam.step();
            if (step % s.evalEvery() == 0 || step == s.steps()) {
                curve.add(new double[] {step, evaluate(model, test)});
            }
            onStep.accept(step);
        }
        double[] steps = curve.stream().mapToDouble(p -> p[0]).toArray();
        double[] mse = curve.stream().mapToDouble(p -> p[1]).toArray();
        double[] grads = gradientNormByDistance(model, batch(s.seqLen(), 256, new Rng(s.seed() + 3)));
        return new CellResult(label(cell), mse[mse.length - 1], baseline, steps, mse, grads,
                (System.nanoTime() - start) / 1e9);
    }

    static String label(CellType cell) {
        return switch (cell) {
            case LSTM -> "LSTM";
            case GRU -> "GRU";
            default -> "RNN";
        };
    }

    /** Mean squared error of always answering 1, the trivial baseline. */
    static double baselineMse(Batch test) {
        double sum = 0;
        int n = test.y().numel();
        for (int i = 0; i < n; i++) {
            double d = test.y().getFlat(i) - 1.0;
            sum += d * d;
        }
        return sum / n;
    }

    static double evaluate(Model model, Batch test) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return Losses.mse(model.forward(test.x()), test.y()).item();
        }
    }

    /**
     * ‖∂L/∂x_t‖ averaged over the batch, indexed by distance from the last step (index 0 = the
     * last step, index T−1 = the first): how much of the error signal reaches each input.
     */
    static double[] gradientNormByDistance(Model model, Batch b) {
        Tensor x = b.x().copy().requiresGrad(true);
        Losses.mse(model.forward(x), b.y()).backward();
        model.zeroGrad();
        int steps = x.size(0);
        int batch = x.size(1);
        double[] out = new double[steps];
        float[] g = x.grad().f();
        for (int t = 0; t < steps; t++) {
            double total = 0;
            for (int r = 0; r < batch; r++) {
                double sq = 0;
                for (int j = 0; j < 2; j++) {
                    double v = g[(t * batch + r) * 2 + j];
                    sq += v * v;
                }
                total += Math.sqrt(sq);
            }
            out[steps - 1 - t] = total / batch;
        }
        return out;
    }
}
