package dev.rnn4j.bench;

import dev.rnn4j.nn.Init;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/** Random inputs, as {@code torch.randn} and {@code torch.randint} make them in the reference. */
final class RandomData {

    private RandomData() {
    }

    /** Standard normal float32 tensor of the given shape. */
    static Tensor randn(Rng rng, int... shape) {
        return Init.normal(Tensor.zeros(shape), 0, 1, rng);
    }

    /** {@code count} integers uniform in [0, bound). */
    static int[] randint(Rng rng, int bound, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = rng.nextInt(bound);
        }
        return out;
    }

    /** {@code count} integers uniform in [low, bound). */
    static int[] randint(Rng rng, int low, int bound, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = low + rng.nextInt(bound - low);
        }
        return out;
    }

    /** Throws if any size is not positive; {@code what} names the workload. */
    static void checkPositive(String what, int... sizes) {
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException(what + ": sizes must be positive, got " + java.util.Arrays.toString(sizes));
            }
        }
    }

    /** Throws unless warmup >= 0 and reps >= 1. */
    static void checkRepetitions(String what, int warmup, int reps) {
        if (warmup < 0 || reps < 1) {
            throw new IllegalArgumentException(what + ": expected warmup >= 0 and reps >= 1, got " + warmup + " and " + reps);
        }
    }
}
