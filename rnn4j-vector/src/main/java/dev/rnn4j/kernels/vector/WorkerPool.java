package dev.rnn4j.kernels.vector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of daemon threads, started once, that help the calling thread run the parts of one
 * job at a time.
 *
 * <p>{@link #tryRun} publishes a job of {@code parts} parts; the caller and the workers claim parts
 * from a shared counter until none is left, and the call returns when every part is done. The
 * caller claims first and the workers in order after it, so when all threads are awake part 0 runs
 * on the caller and part w on worker w on every call: the same thread sees the same slice of a
 * weight matrix each step and keeps it in its core's cache. When a worker is slow to wake (the
 * machine is busy), the caller simply runs its parts too, so a descheduled thread costs speed, not
 * a stall.
 *
 * <p>A call that finds the pool busy (another thread's job, or a nested call from a worker) gets
 * {@code false} and runs the job alone; nothing blocks and nothing deadlocks.
 *
 * <p>Hand-off latency matters for the recurrent step (a few microseconds of work per call), so idle
 * workers spin briefly ({@link Thread#onSpinWait}) before parking, and so does the waiting caller.
 */
final class WorkerPool {

    /** One parallel job: {@code run(part, parts)} does part {@code part} of {@code parts}. */
    interface Job {
        void run(int part, int parts);
    }

    /**
     * How long an idle worker spins before it parks: long enough to bridge the gap between two
     * recurrent steps (the gate pass in between takes a few µs), short enough not to burn a core.
     */
    private static final long WORKER_SPIN_NANOS = 100_000;
    /** How long the caller spins waiting for parts claimed by workers before it parks. */
    private static final long CALLER_SPIN_NANOS = 1_000_000;

    /** Low bits of {@link #claims} once a job is over: no part number reaches it. */
    private static final long CLOSED = 0x7FFF_FFFFL;

    private final ReentrantLock lock = new ReentrantLock();
    private final Worker[] workers;
    /** High 32 bits: generation of the current job; low 32 bits: next unclaimed part. */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile Job job;
    private volatile int parts;
    private volatile Thread waiter;
    private volatile Throwable failure;
    private volatile boolean shutdown;
    private int generation;                 // written by the caller under the lock

    /** Starts {@code size − 1} daemon workers (the caller is the size-th thread). */
    WorkerPool(int size) {
        workers = new Worker[size - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].start();
        }
    }

    /** Threads that take part in a job, the caller included. */
    int size() {
        return workers.length + 1;
    }

    /**
     * Runs {@code job} in {@code count} parts and returns true once all are done, or returns false
     * at once, having run nothing, when the pool is busy or shut down. An exception thrown by any
     * part is rethrown here (after the other parts finished).
     */
    boolean tryRun(Job newJob, int count) {
        // The lock is reentrant, so a job that calls back in from the caller's own part must be
        // turned away explicitly; from a worker's part, tryLock fails anyway.
        if (shutdown || lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return false;
        }
        try {
            waiter = Thread.currentThread();
            failure = null;
            job = newJob;
            parts = count;
            completed.set(0);
            generation++;
            long gen = (long) generation << 32;
            claims.set(gen);                // publishes job and parts to the workers
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
            Throwable own = null;
            while (true) {
                long claim = claims.getAndIncrement();
                int part = (int) claim;
                if (part >= count) {
                    break;
                }
                try {
                    newJob.run(part, count);
                } catch (Throwable t) {
                    own = t;
                }
                completed.incrementAndGet();
            }
            long spinStart = System.nanoTime();
            int spins = 0;
            while (completed.get() < count) {
                if (spinning(spins++, spinStart, CALLER_SPIN_NANOS)) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            // Close this generation before the next job is written: a worker that read the next
            // job's fields early then sees no claimable part here (see help).
            claims.set(gen | CLOSED);
            job = null;                     // do not keep the job reachable
            Throwable first = own != null ? own : failure;
            if (first != null) {
                if (first instanceof RuntimeException) {
                    throw (RuntimeException) first;
                }
                if (first instanceof Error) {
                    throw (Error) first;
                }
                throw new IllegalStateException("GEMM worker failed", first);
            }
            return true;
        } finally {
            waiter = null;
            lock.unlock();
        }
    }

    /** Lets the workers end once idle; a job already running finishes. */
    void shutdown() {
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** True while a spin loop started at {@code start} is younger than {@code limit} (clock read every 64 spins). */
    private static boolean spinning(int spins, long start, long limit) {
        return (spins & 63) != 0 || System.nanoTime() - start < limit;
    }

    /** Claims and runs parts of generation {@code gen} until none is left. */
    private void help(long gen) {
        Job current = job;
        int count = parts;
        while (true) {
            long claim = claims.get();
            if ((claim & 0xFFFF_FFFF_0000_0000L) != gen || (int) claim >= count) {
                return;                     // a later job, or nothing left of this one
            }
            if (!claims.compareAndSet(claim, claim + 1)) {
                continue;
            }
            // The claim succeeded while this generation was open, and the caller writes the next
            // job's fields only after closing it, so job and parts read above belong to it.
            try {
                current.run((int) claim, count);
            } catch (Throwable t) {
                failure = t;
            }
            if (completed.incrementAndGet() == count) {
                LockSupport.unpark(waiter);
            }
        }
    }

    private final class Worker extends Thread {

        Worker(int index) {
            super("rnn4j-gemm-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = claims.get() & 0xFFFF_FFFF_0000_0000L;
            while (!shutdown) {
                long gen = claims.get() & 0xFFFF_FFFF_0000_0000L;
                if (gen == seen) {
                    long spinStart = System.nanoTime();
                    int spins = 0;
                    while ((gen = claims.get() & 0xFFFF_FFFF_0000_0000L) == seen && !shutdown) {
                        if (spinning(spins++, spinStart, WORKER_SPIN_NANOS)) {
                            Thread.onSpinWait();
                        } else {
                            LockSupport.park(this);
                        }
                    }
                    if (gen == seen) {
                        continue;
                    }
                }
                seen = gen;
                help(gen);
            }
        }
    }
}
