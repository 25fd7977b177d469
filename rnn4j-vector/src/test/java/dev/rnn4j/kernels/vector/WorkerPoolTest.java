package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker pool runs every part exactly once, rethrows failures, and declines nested or late jobs.
 * A hang (the failure mode of a broken hand-off) fails the test through the timeout.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerPoolTest {

    @Test
    void everyPartRunsExactlyOnce() {
        WorkerPool pool = new WorkerPool(3);
        try {
            for (int parts : new int[] {1, 2, 3, 7, 64}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                for (int rep = 0; rep < 200; rep++) {
                    assertTrue(pool.tryRun((part, count) -> runs.incrementAndGet(part), parts));
                }
                for (int part = 0; part < parts; part++) {
                    assertEquals(200, runs.get(part), "part " + part + " of " + parts);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFailingPartIsRethrownAndThePoolStaysUsable() {
        WorkerPool pool = new WorkerPool(2);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.tryRun((part, count) -> {
                if (part == 3) {
                    throw new IllegalStateException("part 3 failed");
                }
            }, 4));
            assertEquals("part 3 failed", e.getMessage());
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            assertTrue(pool.tryRun((part, count) -> runs.incrementAndGet(part), 4));
            for (int part = 0; part < 4; part++) {
                assertEquals(1, runs.get(part));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void nestedAndShutDownCallsAreDeclined() {
        WorkerPool pool = new WorkerPool(2);
        AtomicIntegerArray nestedRan = new AtomicIntegerArray(8);
        for (int rep = 0; rep < 50; rep++) {
            // every part, whichever thread runs it (the caller's own included), tries to nest
            assertTrue(pool.tryRun((part, count) -> {
                if (pool.tryRun((p, c) -> { }, 2)) {
                    nestedRan.incrementAndGet(part);
                }
            }, 8));
        }
        for (int part = 0; part < 8; part++) {
            assertEquals(0, nestedRan.get(part), "a job started from inside a job must be declined");
        }
        pool.shutdown();
        assertFalse(pool.tryRun((part, count) -> { }, 2));
    }
}
