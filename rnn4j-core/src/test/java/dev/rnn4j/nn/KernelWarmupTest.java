package dev.rnn4j.nn;

import dev.rnn4j.kernels.ScalarKernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both warm-ups run without error and stop at their step count or time budget: the tiny training
 * steps (Java 21+) and the recurrent rounds kept for Java 17 (LSTM, GRU, full and shrinking batches);
 * the kernel priming (Java 21+) stops at its round count, its time budget, or once its round time
 * no longer improves.
 */
class KernelWarmupTest {

    @Test
    void runsItsTinyTrainingStepsOnTheCallingThread() {
        assertEquals(8, KernelWarmup.run(Long.MAX_VALUE, 8));
    }

    @Test
    void tinyStepsStopAtTheTimeBudget() {
        assertEquals(0, KernelWarmup.run(0, 8));
    }

    @Test
    void runsTheRecurrentRoundsOnTheCallingThread() {
        assertEquals(8, KernelWarmup.runRecurrentRounds(Long.MAX_VALUE, 8));
    }

    @Test
    void recurrentRoundsStopAtTheTimeBudget() {
        assertEquals(0, KernelWarmup.runRecurrentRounds(0, 8));
    }

    @Test
    void kernelPrimingStopsAtItsRoundCount() {
        CountingKernels kernels = new CountingKernels(0, 0);
        assertEquals(5, KernelWarmup.primeKernels(kernels, Long.MAX_VALUE, 5));
        assertEquals(5, kernels.rounds);
    }

    @Test
    void kernelPrimingStopsAtTheTimeBudget() {
        CountingKernels kernels = new CountingKernels(0, 0);
        assertEquals(0, KernelWarmup.primeKernels(kernels, 0, 5));
        assertEquals(0, kernels.rounds);
    }

    @Test
    void kernelPrimingStopsOnceItsRoundTimeNoLongerImproves() {
        // the first round 100 ms (as if interpreted), then 1 ms each: settled from the second round on
        CountingKernels kernels = new CountingKernels(1_000_000, 100_000_000);
        long start = System.nanoTime();
        int rounds = KernelWarmup.primeKernels(kernels, 60_000_000_000L, Integer.MAX_VALUE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "took " + millis + " ms, expected it to stop ~150 ms after its best round");
        assertTrue(rounds >= 2, "stopped after " + rounds + " rounds, expected at least 2");
        assertEquals(rounds, kernels.rounds);
    }

    /** Scalar kernels whose branch exercise counts its calls and busy-waits a given time. */
    private static final class CountingKernels extends ScalarKernels {
        private final long roundNanos;
        private final long firstRoundNanos;
        int rounds;

        CountingKernels(long roundNanos, long firstRoundNanos) {
            this.roundNanos = roundNanos;
            this.firstRoundNanos = firstRoundNanos;
        }

        @Override
        public void exerciseBranches() {
            long end = System.nanoTime() + (rounds == 0 ? firstRoundNanos : roundNanos);
            rounds++;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }
}
