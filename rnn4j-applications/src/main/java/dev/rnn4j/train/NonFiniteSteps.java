package dev.rnn4j.train;

import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the {@link Trainer} finds a non-finite step: a NaN or infinite loss, or, after backward, a
 * gradient holding NaN or an infinity; and the exception that stops training on one under
 * {@link NonFinitePolicy#STOP}.
 */
final class NonFiniteSteps {

    private final List<Map.Entry<String, Tensor>> namedParameters;

    NonFiniteSteps(Module model) {
        this.namedParameters = new ArrayList<>(model.namedParameters().entrySet());
    }

    /**
     * Runs backward from {@code lossTensor} when its value {@code loss} is finite, then checks every
     * gradient.
     *
     * @return what is not finite ("the loss is NaN", "the gradient of weight_ih_l0 has ..."), or
     *         null when the step is good
     */
    String backward(Tensor lossTensor, double loss) {
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss;
        }
        lossTensor.backward();
        return check(loss);
    }

    /**
     * Checks a loss and the gradients as they are (after a {@link GradientHook}).
     *
     * @return what is not finite, or null when the step is good
     */
    String check(double loss) {
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss;
        }
        String bad = firstNonFiniteGradient();
        return bad == null ? null
                : "the gradient of " + bad + " has NaN or infinite values (the loss was " + loss + ")";
    }

    /**
     * The exception that stops training at 1-based global step {@code step}, naming where, what,
     * and the last good checkpoint (or null) to resume from.
     */
    static NonFiniteLossException stop(String where, String problem, long step, Path lastCheckpoint) {
        String last = lastCheckpoint == null
                ? "No checkpoint had been written yet."
                : "The last good checkpoint is " + lastCheckpoint + " (step " + stepOf(lastCheckpoint)
                + "), unchanged; resume from it with --resume.";
        return new NonFiniteLossException("training stopped at " + where + ": " + problem + ". " + last
                + " To skip such steps instead, use nonFinite = SKIP.", step, lastCheckpoint);
    }

    private static long stepOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(5));
    }

    private String firstNonFiniteGradient() {
        for (Map.Entry<String, Tensor> e : namedParameters) {
            Tensor g = e.getValue().grad();
            if (g == null) {
                continue;
            }
            int n = g.numel();
            if (g.f() != null) {
                float[] a = g.f();
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(a[i])) {
                        return e.getKey();
                    }
                }
            } else {
                double[] a = g.d();
                for (int i = 0; i < n; i++) {
                    if (!Double.isFinite(a[i])) {
                        return e.getKey();
                    }
                }
            }
        }
        return null;
    }
}
