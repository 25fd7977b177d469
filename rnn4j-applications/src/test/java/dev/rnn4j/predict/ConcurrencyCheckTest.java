package dev.rnn4j.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The concurrency check passes a predictor without shared state and catches one with a shared buffer. */
class ConcurrencyCheckTest {

    /** n -> sum over k of n·k, through a scratch buffer that is either the call's own or shared by all calls. */
    private static final class ScratchPredictor implements Predictor<Integer, Long> {
        private static final int LENGTH = 512;
        private final boolean shared;
        private final long[] sharedScratch = new long[LENGTH];

        ScratchPredictor(boolean shared) {
            this.shared = shared;
        }

        @Override
        public ModelInfo describe() {
            return new ModelInfo("toy", "an integer n", "the sum of n·k for k < " + LENGTH, Map.of("shared", shared));
        }

        @Override
        public Long predict(Integer n) {
            long[] scratch = shared ? sharedScratch : new long[LENGTH];
            for (int k = 0; k < LENGTH; k++) {
                scratch[k] = (long) n * k;
                if (k == LENGTH / 2) {
                    Thread.yield(); // let another call write in between, as a longer kernel would
                }
            }
            long sum = 0;
            for (long v : scratch) {
                sum += v;
            }
            return sum;
        }

        @Override
        public List<Long> predictBatch(List<Integer> inputs) {
            List<Long> out = new ArrayList<>();
            for (Integer n : inputs) {
                out.add(predict(n));
            }
            return out;
        }
    }

    private static final List<Integer> INPUTS = IntStream.rangeClosed(1, 64).boxed().toList();

    @Test
    void aPredictorWithoutSharedStatePasses() {
        ConcurrencyCheck.Report report = ConcurrencyCheck.of(new ScratchPredictor(false), INPUTS, Objects::equals)
                .run();
        assertTrue(report.clean(), report::toString);
        // 8 threads, 3 rounds of 64 inputs and 16 batches of 4
        assertEquals(8 * 3 * (64 + 16), report.calls());
        ConcurrencyCheck.assertSameAsSequential(new ScratchPredictor(false), INPUTS, Objects::equals);
    }

    @Test
    void aSharedScratchBufferIsReported() {
        ConcurrencyCheck.Report report = ConcurrencyCheck.of(new ScratchPredictor(true), INPUTS, Objects::equals)
                .run();
        assertFalse(report.differences().isEmpty(), "the shared buffer went unnoticed");
        AssertionError e = assertThrows(AssertionError.class, report::assertNoDifference);
        assertTrue(e.getMessage().startsWith("concurrent calls differ from sequential ones: "), e.getMessage());
        assertTrue(e.getMessage().contains("expected "), e.getMessage());
    }

    @Test
    void exceptionsOfConcurrentCallsAreReported() {
        Predictor<Integer, Long> flaky = new Predictor<>() {
            private final ScratchPredictor inner = new ScratchPredictor(false);
            private final Thread sequential = Thread.currentThread();
            private final ThreadLocal<Integer> calls = ThreadLocal.withInitial(() -> 0);

            @Override
            public ModelInfo describe() {
                return inner.describe();
            }

            @Override
            public Long predict(Integer n) {
                calls.set(calls.get() + 1);
                if (Thread.currentThread() != sequential && calls.get() == 7) {
                    throw new IllegalStateException("seventh call of a pool thread");
                }
                return inner.predict(n);
            }

            @Override
            public List<Long> predictBatch(List<Integer> inputs) {
                return inner.predictBatch(inputs);
            }
        };
        ConcurrencyCheck.Report report = ConcurrencyCheck.of(flaky, INPUTS, Objects::equals).threads(2).rounds(1)
                .run();
        assertEquals(2, report.failures().size(), report::toString);
        assertThrows(AssertionError.class, report::assertNoDifference);
    }
}
