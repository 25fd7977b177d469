package dev.rnn4j.kernels.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The caller plus {@code size − 1} daemon workers that run the parts of a short job with FIXED
 * ownership: part 0 on the caller, part w on worker w, on every call. The fused streaming step
 * ({@link FusedCellStep}) relies on it: each part reads the same share of a layer's weights every
 * step, and that share stays in its core's L2 only if the same thread (on the same core) reads it.
 *
 * <p>Why not {@link WorkerPool}: there, a caller that finishes its part before a worker has claimed
 * the next one runs that part too. Over a few-µs step this happened often enough to make the
 * batch-1 LSTM step bimodal (measured 6.3-7 µs or ~9 µs per step, switching within one JVM): the
 * caller then streamed the other core's weights from L3 and pushed its own out of L2. Here the
 * caller takes over a worker's part only when that worker has not started it within
 * {@value #STEAL_AFTER_NANOS} ns (it is asleep or descheduled), so a busy machine costs speed, not a
 * stall.
 *
 * <p>Hand-off: per worker, the caller writes a generation number into the worker's own cache line
 * ({@code go}); the worker, spinning on it, claims its part (a CAS on a line of its own, which is
 * also how a stealing caller would take it), runs it and publishes the generation in a third line
 * ({@code done}) on which the caller spins. Two cache-line transfers per worker and step on the
 * critical path; nothing is allocated and nothing parks while steps follow each other. A worker idle
 * for {@value #WORKER_SPIN_NANOS} ns parks (it sets {@code sleeping} first and re-reads {@code go},
 * and the caller unparks a worker it sees sleeping after writing {@code go}: with volatile accesses
 * on both sides one of them sees the other, so no wake-up is lost).
 *
 * <p>One job at a time: {@link #tryRun} returns false, having run nothing, when another thread's job
 * is running or when called from inside a part.
 */
final class StepTeam {

    /** How long an idle worker spins before parking: bridges the gap between two streamed frames. */
    static final long WORKER_SPIN_NANOS = 200_000;
    /** How long the caller waits for a worker to START its part before running it itself. */
    static final long STEAL_AFTER_NANOS = 50_000;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs between two flags: 128 bytes, so no two flags share a cache line (or an adjacent-line prefetch pair). */
    private static final int STRIDE = 16;
    private static final int GO = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;
    private static final int SLEEPING = 3;
    private static final int FLAGS = 4;

    /** Per worker w, flag f at {@code (1 + w·FLAGS + f)·STRIDE}; the first STRIDE longs pad the array header. */
    private final long[] flags;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean shutdown;
    /** Written by the caller before it publishes a generation (the volatile write of go orders them). */
    private WorkerPool.Job job;
    private int parts;
    private long generation;
    private volatile Throwable failure;

    /** Starts {@code size − 1} daemon workers (the caller is the size-th thread). */
    StepTeam(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("team size must be at least 1, got " + size);
        }
        workers = new Worker[size - 1];
        flags = new long[(1 + workers.length * FLAGS + 1) * STRIDE];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w);
            workers[w].start();
        }
    }

    /** Threads that take part in a job, the caller included. */
    int size() {
        return workers.length + 1;
    }

    private int at(int worker, int flag) {
        return (1 + worker * FLAGS + flag) * STRIDE;
    }

    /**
     * Runs {@code newJob} in {@code count} parts (1 ≤ count ≤ {@link #size()}), part 0 on the calling
     * thread, and returns true once all are done; returns false at once, having run nothing, when
     * the team is busy or shut down. An exception thrown by any part is rethrown here after the
     * other parts finished.
     */
    boolean tryRun(WorkerPool.Job newJob, int count) {
        if (count < 1 || count > size()) {
            throw new IllegalArgumentException("parts must be in [1, " + size() + "], got " + count);
        }
        if (shutdown || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            job = newJob;
            parts = count;
            failure = null;
            long gen = ++generation;
            int helpers = count - 1;
            for (int w = 0; w < helpers; w++) {
                LONGS.setVolatile(flags, at(w, GO), gen);
                if ((long) LONGS.getVolatile(flags, at(w, SLEEPING)) != 0) {
                    LockSupport.unpark(workers[w]);
                }
            }
            Throwable own = null;
            try {
                newJob.run(0, count);
            } catch (Throwable t) {
                own = t;
            }
            for (int w = 0; w < helpers; w++) {
                awaitOrSteal(w, gen, count);
            }
            job = null;                     // do not keep the job reachable
            Throwable first = own != null ? own : failure;
            if (first != null) {
                if (first instanceof RuntimeException) {
                    throw (RuntimeException) first;
                }
                if (first instanceof Error) {
                    throw (Error) first;
                }
                throw new IllegalStateException("step worker failed", first);
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    /** Waits until worker w has done part w + 1 of generation gen, running it here if the worker never starts it. */
    private void awaitOrSteal(int w, long gen, int count) {
        int done = at(w, DONE);
        if ((long) LONGS.getAcquire(flags, done) == gen) {
            return;
        }
        long start = System.nanoTime();
        int spins = 0;
        boolean mayStealAgain = true;
        while ((long) LONGS.getAcquire(flags, done) != gen) {
            if ((++spins & 255) == 0) {
                long waited = System.nanoTime() - start;
                if (mayStealAgain && waited > STEAL_AFTER_NANOS) {
                    mayStealAgain = false;
                    if (claim(w, gen)) {
                        runPart(w + 1, count);
                        LONGS.setRelease(flags, done, gen);
                        return;
                    }
                    // the worker is running it: keep waiting
                }
                if (waited > 1_000_000) {
                    Thread.yield();         // the worker was descheduled mid-part; let it run
                    continue;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Claims worker w's part of generation gen for the calling thread (the worker, or the caller
     * taking it over); false when the other one has it. Claims only grow, and a worker may have
     * skipped generations that did not need it, so any older value is free.
     */
    private boolean claim(int w, long gen) {
        int slot = at(w, CLAIMED);
        long current = (long) LONGS.getVolatile(flags, slot);
        return current < gen && LONGS.compareAndSet(flags, slot, current, gen);
    }

    private void runPart(int part, int count) {
        try {
            job.run(part, count);
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Lets the workers end once idle; a job already running finishes. */
    void shutdown() {
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {

        private final int index;

        Worker(int index) {
            super("rnn4j-step-" + (index + 1));
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            int go = at(index, GO);
            int sleeping = at(index, SLEEPING);
            long seen = 0;
            while (!shutdown) {
                long gen = (long) LONGS.getAcquire(flags, go);
                if (gen == seen) {
                    long start = System.nanoTime();
                    int spins = 0;
                    while ((gen = (long) LONGS.getAcquire(flags, go)) == seen && !shutdown) {
                        if ((++spins & 255) != 0 || System.nanoTime() - start < WORKER_SPIN_NANOS) {
                            Thread.onSpinWait();
                            continue;
                        }
                        LONGS.setVolatile(flags, sleeping, 1L);
                        if ((long) LONGS.getVolatile(flags, go) == seen && !shutdown) {
                            LockSupport.park(this);
                        }
                        LONGS.setVolatile(flags, sleeping, 0L);
                        start = System.nanoTime();
                    }
                    if (gen == seen) {
                        continue;                   // shut down
                    }
                }
                seen = gen;
                // claim the part; fails only when the caller took it over (this worker was late)
                if (claim(index, gen)) {
                    runPart(index + 1, parts);
                    LONGS.setRelease(flags, at(index, DONE), gen);
                }
            }
        }
    }
}
