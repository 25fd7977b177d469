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
 * <p>Hand-off: per worker, the caller writes the job, the part count and a generation number into
 * one cache line of that worker's ({@code go}); the worker, spinning on that line alone, claims its
 * part (a CAS on a line only it touches unless the caller steals), runs it and publishes the
 * generation in a third line ({@code done}) on which the caller spins. Two cache-line transfers per
 * worker and step on the critical path (measured round trip of an empty job: ~0.7 µs when the job
 * fields and the flags shared lines, see {@code Go}); nothing is allocated and nothing parks while
 * steps follow each other. A worker idle
 * for {@value #WORKER_SPIN_NANOS} ns parks (it sets {@code sleeping} first and re-reads {@code go},
 * and the caller unparks a worker it sees sleeping after writing {@code go}: with volatile accesses
 * on both sides one of them sees the other, so no wake-up is lost).
 *
 * <p>Sharing a core: when the scheduler puts the caller and a worker on the same core, the one
 * that spins holds the core the other needs. So each side, once it has waited
 * {@value #YIELD_AFTER_NANOS} ns (a worker for its next job, the caller for a worker's part),
 * yields between checks; with a core of its own a thread's yield returns at once. Spinning
 * throughout, a JVM stuck like that stepped ~12× slower for its whole run (the caller waited
 * {@value #STEAL_AFTER_NANOS} ns and stole each part, at half a core); with the yields, ~4–6×
 * slower (BENCHMARKS.md, "Streaming: the step against its bound").
 *
 * <p>One job at a time: {@link #tryRun} returns false, having run nothing, when another thread's job
 * is running or when called from inside a part.
 */
final class StepTeam {

    /** How long an idle worker spins before parking: bridges the gap between two streamed frames. */
    static final long WORKER_SPIN_NANOS = 200_000;
    /** How long the caller waits for a worker to START its part before running it itself. */
    static final long STEAL_AFTER_NANOS = 50_000;
    /** How long either side spins before it yields its core between checks (see the class comment). */
    static final long YIELD_AFTER_NANOS = 5_000;

    // Cache-line isolation: HotSpot lays out a superclass's fields before a subclass's, so fields
    // declared between two classes of 8 longs each (64 bytes) share no line with anything else.

    /** Padding before the fields. */
    static class PadBefore {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    /** What the caller hands one worker: written by the caller, read by the worker. */
    static class GoFields extends PadBefore {
        WorkerPool.Job job;
        int parts;
        /** Set by the worker just before it parks; read by the caller after publishing. */
        volatile boolean sleeping;
        /** The generation to run; its volatile write publishes job and parts. */
        volatile long generation;
    }

    /** The go line, padded after. */
    static final class Go extends GoFields {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    /** One flag alone on its line. */
    static class FlagFields extends PadBefore {
        volatile long value;
    }

    /** One padded flag: {@code claimed} (the last generation whose part someone took) or {@code done}. */
    static final class Flag extends FlagFields {
        long q0, q1, q2, q3, q4, q5, q6, q7;

        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(FlagFields.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long getAcquire() {
            return (long) VALUE.getAcquire(this);
        }

        void setRelease(long v) {
            VALUE.setRelease(this, v);
        }

        boolean compareAndSet(long expected, long v) {
            return VALUE.compareAndSet(this, expected, v);
        }
    }

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean shutdown;
    private long generation;                // the caller's, under busy
    private volatile Throwable failure;

    /** Starts {@code size − 1} daemon workers (the caller is the size-th thread). */
    StepTeam(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("team size must be at least 1, got " + size);
        }
        workers = new Worker[size - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w);
            workers[w].start();
        }
    }

    /** Threads that take part in a job, the caller included. */
    int size() {
        return workers.length + 1;
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
            if (failure != null) {
                failure = null;
            }
            long gen = ++generation;
            int helpers = count - 1;
            for (int w = 0; w < helpers; w++) {
                Go go = workers[w].go;
                go.job = newJob;
                go.parts = count;
                go.generation = gen;
                if (go.sleeping) {
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
                awaitOrSteal(workers[w], gen, newJob, count);
            }
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

    /** Waits until worker w has done its part of generation gen, running it here if the worker never starts it. */
    private void awaitOrSteal(Worker worker, long gen, WorkerPool.Job job, int count) {
        Flag done = worker.done;
        if (done.getAcquire() == gen) {
            return;
        }
        long start = System.nanoTime();
        int spins = 0;
        boolean mayStealAgain = true;
        while (done.getAcquire() != gen) {
            if ((++spins & 31) == 0) {
                long waited = System.nanoTime() - start;
                if (mayStealAgain && waited > STEAL_AFTER_NANOS) {
                    mayStealAgain = false;
                    if (claim(worker.claimed, gen)) {
                        runPart(job, worker.index + 1, count);
                        done.setRelease(gen);
                        return;
                    }
                    // the worker is running it: keep waiting
                }
                if (waited > YIELD_AFTER_NANOS) {
                    Thread.yield();         // the worker may wait for this core; let it run
                    continue;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Takes a worker's part of generation gen for the calling thread (the worker, or the caller
     * taking it over); false when the other one has it. Claims only grow, and a worker skips the
     * generations that did not need it, so any older value is free.
     */
    private static boolean claim(Flag claimed, long gen) {
        long current = claimed.getAcquire();
        return current < gen && claimed.compareAndSet(current, gen);
    }

    private void runPart(WorkerPool.Job job, int part, int count) {
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

        final int index;
        final Go go = new Go();
        final Flag claimed = new Flag();
        final Flag done = new Flag();

        Worker(int index) {
            super("rnn4j-step-" + (index + 1));
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long gen = go.generation;
                if (gen == seen) {
                    // spin on the go line alone; the shut-down flag and the clock are read every 32 spins
                    long start = System.nanoTime();
                    int spins = 0;
                    while ((gen = go.generation) == seen) {
                        if ((++spins & 31) != 0) {
                            Thread.onSpinWait();
                            continue;
                        }
                        if (shutdown) {
                            return;
                        }
                        long idle = System.nanoTime() - start;
                        if (idle < WORKER_SPIN_NANOS) {
                            if (idle > YIELD_AFTER_NANOS) {
                                Thread.yield(); // the caller may wait for this core
                            }
                            continue;
                        }
                        go.sleeping = true;
                        if (go.generation == seen && !shutdown) {
                            LockSupport.park(this);
                        }
                        go.sleeping = false;
                        start = System.nanoTime();
                    }
                }
                seen = gen;
                WorkerPool.Job job = go.job;
                int parts = go.parts;
                // fails only when the caller took the part over (this worker was late)
                if (claim(claimed, gen)) {
                    runPart(job, index + 1, parts);
                    done.setRelease(gen);
                }
            }
        }
    }
}
