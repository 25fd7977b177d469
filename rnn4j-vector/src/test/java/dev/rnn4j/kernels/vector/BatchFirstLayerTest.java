package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A batch-first layer under no-grad (the inference kernel, rows split across two threads, also with
 * rows of mixed lengths; the batch-first output copied into a new array) gives the same bits as the
 * same layer recording a graph: one and two bidirectional layers, LSTM and GRU, with a projection
 * (which the inference kernel declines), rows of full and of mixed lengths. An output handed to the
 * caller is never reused: a later call leaves it as it was.
 */
class BatchFirstLayerTest {

    static final int INPUT = 19;
    static final int HIDDEN = 24;

    @Test
    void noGradGivesTheBitsOfTheRecordedForwardAndFreshOutputs() {
        int threadsBefore = KernelThreads.configured();
        KernelThreads.set(2);
        try {
            int batch = 130;
            int steps = 9;
            Random random = new Random(5);
            Tensor x = Tensor.of(gaussian(random, batch * steps * INPUT), batch, steps, INPUT);
            Tensor other = Tensor.of(gaussian(random, batch * steps * INPUT), batch, steps, INPUT);
            int[] mixed = new int[batch];
            for (int b = 0; b < batch; b++) {
                mixed[b] = 1 + random.nextInt(steps);
            }
            RecurrentLayer.Options twoBidirectional = new RecurrentLayer.Options(INPUT, HIDDEN).batchFirst(true)
                    .numLayers(2).bidirectional(true);
            RecurrentLayer[] layers = {
                new LSTM(twoBidirectional, new Rng(1)), new GRU(twoBidirectional, new Rng(2)),
                new LSTM(new RecurrentLayer.Options(INPUT, HIDDEN).batchFirst(true).projSize(7), new Rng(3)),
                new GRU(new RecurrentLayer.Options(INPUT, HIDDEN).batchFirst(true), new Rng(4)),
            };
            for (RecurrentLayer layer : layers) {
                layer.eval();
                for (int[] lengths : new int[][] {null, mixed}) {
                    String what = layer + (lengths == null ? "" : ", mixed lengths");
                    RecurrentOutput recorded = layer.forward(x, lengths);
                    assertNotNull(recorded.output().gradFn(), what + ": the reference records a graph");
                    RecurrentOutput direct;
                    float[] kept;
                    try (var scope = Autograd.noGrad()) {
                        direct = layer.forward(x, lengths);
                        assertNull(direct.output().gradFn(), what);
                        kept = direct.output().toFloatArray();
                        RecurrentOutput next = layer.forward(other, lengths);
                        assertNotSame(direct.output().f(), next.output().f(), what + ": a new output array");
                    }
                    assertArrayEquals(kept, direct.output().toFloatArray(), what + ": a later call changed the output");
                    assertArrayEquals(recorded.output().shape(), direct.output().shape(), what + ": output shape");
                    assertArrayEquals(recorded.output().toFloatArray(), direct.output().toFloatArray(), what + ": output");
                    assertArrayEquals(recorded.hN().toFloatArray(), direct.hN().toFloatArray(), what + ": h_n");
                    if (recorded.cN() != null) {
                        assertArrayEquals(recorded.cN().toFloatArray(), direct.cN().toFloatArray(), what + ": c_n");
                    }
                }
            }
        } finally {
            KernelThreads.set(threadsBefore);
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.5 * random.nextGaussian());
        }
        return a;
    }
}
