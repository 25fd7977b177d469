package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The step team runs every part exactly once, part 0 on the caller and part w on worker w while the
 * workers keep up, survives workers that fell asleep, rethrows failures and declines nested calls.
 * A hang (the failure mode of a broken hand-off) fails the test through the timeout.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StepTeamTest {

    @Test
    void everyPartRunsExactlyOnceOnItsOwnThread() {
        StepTeam team = new StepTeam(3);
        try {
            for (int parts : new int[] {1, 2, 3, 2, 1, 3}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                AtomicReferenceArray<Thread> owner = new AtomicReferenceArray<>(parts);
                for (int rep = 0; rep < 2000; rep++) {
                    assertTrue(team.tryRun((part, count) -> {
                        runs.incrementAndGet(part);
                        owner.set(part, Thread.currentThread());
                    }, parts));
                }
                for (int part = 0; part < parts; part++) {
                    assertEquals(2000, runs.get(part), "part " + part + " of " + parts);
                }
                assertSame(Thread.currentThread(), owner.get(0), "part 0 runs on the caller");
            }
        } finally {
            team.shutdown();
        }
    }

    @Test
    void sleepingWorkersWakeUp() throws InterruptedException {
        StepTeam team = new StepTeam(2);
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            for (int rep = 0; rep < 5; rep++) {
                assertTrue(team.tryRun((part, count) -> runs.incrementAndGet(part), 2));
                Thread.sleep(StepTeam.WORKER_SPIN_NANOS / 1_000_000 + 5); // the worker parks meanwhile
            }
            assertEquals(5, runs.get(0));
            assertEquals(5, runs.get(1));
        } finally {
            team.shutdown();
        }
    }

    @Test
    void aFailingPartIsRethrownAndTheTeamStaysUsable() {
        StepTeam team = new StepTeam(2);
        try {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.tryRun((part, count) -> {
                if (part == 1) {
                    throw new IllegalStateException("part one failed");
                }
            }, 2));
            assertEquals("part one failed", thrown.getMessage());
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            assertTrue(team.tryRun((part, count) -> runs.incrementAndGet(part), 2));
            assertEquals(1, runs.get(1));
        } finally {
            team.shutdown();
        }
    }

    @Test
    void nestedCallsAndBadPartCountsAreTurnedAway() {
        StepTeam team = new StepTeam(2);
        try {
            boolean[] nested = new boolean[1];
            assertTrue(team.tryRun((part, count) -> {
                if (part == 0) {
                    nested[0] = team.tryRun((p, c) -> { }, 1);
                }
            }, 2));
            assertFalse(nested[0], "a call from inside a part is declined");
            assertThrows(IllegalArgumentException.class, () -> team.tryRun((p, c) -> { }, 3));
            assertThrows(IllegalArgumentException.class, () -> team.tryRun((p, c) -> { }, 0));
            assertThrows(IllegalArgumentException.class, () -> new StepTeam(0));
        } finally {
            team.shutdown();
        }
        assertFalse(team.tryRun((p, c) -> { }, 1), "a shut-down team runs nothing");
    }
}
