package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.AdamW;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Adam and AdamW update a large parameter (an embedding table's size) in one range per kernel
 * thread: the parameter after a few steps must be the same bits on two threads as on one, with a
 * small parameter beside it that is updated whole.
 */
class SplitAdamTest {

    @Test
    void adamGivesTheSameBitsOnTwoThreadsAsOnOne() {
        check(params -> new Adam(params, 1e-2, 0.9, 0.999, 1e-8, 0.01, false));
        check(params -> new AdamW(params, 1e-2, 0.9, 0.999, 1e-8, 0.01, true));
    }

    private static void check(Function<List<Tensor>, Optimizer> optimizer) {
        int threadsBefore = KernelThreads.configured();
        try {
            KernelThreads.set(2);
            assertEquals(2, KernelProvider.get().partThreads());
            float[][] two = train(optimizer);
            KernelThreads.set(1);
            float[][] one = train(optimizer);
            for (int i = 0; i < two.length; i++) {
                assertArrayEquals(one[i], two[i], "parameter " + i + ": two threads against one");
            }
        } finally {
            KernelThreads.set(threadsBefore);
        }
    }

    /** Three steps on a (300,001)-element and a (7)-element parameter with fixed gradients; returns both. */
    private static float[][] train(Function<List<Tensor>, Optimizer> make) {
        Random random = new Random(3);
        Tensor large = Tensor.of(gaussian(random, 300_001), 300_001).requiresGrad(true);
        Tensor small = Tensor.of(gaussian(random, 7), 7).requiresGrad(true);
        Optimizer optimizer = make.apply(List.of(large, small));
        for (int step = 0; step < 3; step++) {
            optimizer.zeroGrad();
            large.mul(Tensor.of(gaussian(random, 300_001), 300_001)).sum()
                    .add(small.square().sum()).backward();
            optimizer.step();
        }
        return new float[][] {large.toFloatArray(), small.toFloatArray()};
    }

    private static float[] gaussian(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
