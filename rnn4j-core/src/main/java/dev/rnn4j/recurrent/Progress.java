package dev.rnn4j.recurrent;

import java.util.concurrent.locks.LockSupport;

/**
 * How far one of two parts of a sequence run on two threads ({@code SeqMath.runBeside}) has come,
 * for the other part to wait on: a count that only grows, published after the work it counts is
 * written (a volatile write, so the waiting thread sees that work), and a flag set when the
 * producing part ends, normally or by an exception, so that a waiter never waits for work that
 * will not come.
 */
final class Progress {

    /** How long a waiter spins before it parks briefly between looks. */
    private static final long SPIN_NANOS = 200_000;
    private static final long PARK_NANOS = 20_000;

    private volatile int done;
    private volatile boolean over;

    /** The producing part has finished {@code count} units (all the data of those units is written). */
    void publish(int count) {
        done = count;
    }

    /** The producing part has ended (call it in a finally block). */
    void end() {
        over = true;
    }

    /** Whether the producing part has ended. */
    boolean over() {
        return over;
    }

    /** Units finished so far. */
    int done() {
        return done;
    }

    /**
     * Waits until {@code count} units are finished or the producing part has ended; returns whether
     * the units are there (false: the producer ended without them, by an exception).
     */
    boolean await(int count) {
        long spinStart = System.nanoTime();
        int spins = 0;
        while (done < count && !over) {
            if ((spins++ & 63) != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
        return done >= count;
    }
}
