package dev.rnn4j.tensor;

import dev.rnn4j.kernels.Java21Paths;

import java.lang.ref.Reference;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Large float arrays that finished work gave back, by exact length, for the next work of the same
 * shape. A training loop repeats the same shapes step after step; without this, every step of the
 * char-LM benchmark (embedding, 2-layer LSTM(512), linear; batch 32, length 100) would allocate
 * ~100 MB of arrays that live from the forward to the backward pass, outlive young collections and
 * make the collector grow the heap well past what is live.
 *
 * <p>What comes here: the recurrent kernel's (T, B, ·) work buffers once its backward is done,
 * intermediate gradients once autograd has passed them on (never a gradient a caller can still see:
 * see {@link Autograd}), internal activations the layers hand back after their backward (see
 * {@link Tensor#releaseAfterBackward()}), or at the end of a forward pass that recorded no graph, and
 * dropout masks once their backward is done ({@link Ops#dropout}). Whoever gives an array must hold no reference to it afterwards,
 * and no one else may either; an array is handed to one taker only.
 *
 * <p>Bounded ({@value #MAX_ARRAYS} arrays, the oldest dropped first; only arrays of at least
 * {@value #MIN_LENGTH} elements, below which allocation costs nothing worth saving) and held by
 * default through weak references: a collection takes whatever is idle at that moment, so the
 * cache never holds heap across a collection that the program is not using (soft references are
 * kept through every collection short of running out of heap). In a training loop under G1,
 * collections are rare once the steps stop allocating, so the arrays are reused from step to step
 * between them.
 *
 * <p>Under the serial collector (what the {@code rnn4j} launcher runs) the old generation is
 * reclaimed by full collections, which in train_lstm_charlm come every step or two; weak
 * references would empty the cache at each, and the next step would allocate it all again. So the
 * launcher sets {@value #REFERENCES_PROPERTY}{@code =soft}: soft references stay through those
 * collections and are cleared only before the heap would run out (BENCHMARKS.md, "JVM settings").
 * Anything else than {@code soft} or {@code weak} gives a warning and weak references.
 *
 * <p>Shared by all threads. Only with the Java 21+ paths ({@link Java21Paths}), since on Java 17
 * training with reused buffers can collapse to 3-10 % of its speed for the rest of the run; there
 * {@link #take} always answers null and {@link #give} keeps nothing, as after
 * {@code setKeeping(false)}.
 */
public final class ArrayCache {

    /** Arrays kept at most. */
    public static final int MAX_ARRAYS = 48;
    /** Shortest array worth keeping (65,536 floats, 256 KiB). */
    public static final int MIN_LENGTH = 1 << 16;

    /** System property: {@code soft} or {@code weak} (the default), how kept arrays are referenced. */
    public static final String REFERENCES_PROPERTY = "rnn4j.arrayCache.references";

    private static final boolean SOFT = parseReferences(System.getProperty(REFERENCES_PROPERTY));
    private static final boolean ENABLED = Java21Paths.enabled();
    private static volatile boolean keeping = ENABLED;
    private static final ArrayDeque<Reference<float[]>> FREE = new ArrayDeque<>();

    private ArrayCache() {
    }

    /**
     * Whether the Java 21+ paths that give arrays back are on (fixed for the JVM's life). The code
     * paths that depend on it stay the same when {@link #setKeeping} turns keeping off.
     */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Whether given arrays are kept now: {@link #enabled()} and not turned off by {@link #setKeeping}. */
    public static boolean keeping() {
        return keeping;
    }

    /**
     * Turns keeping on or off (on from the start with the Java 21+ paths; it cannot be turned on
     * without them). Off, {@link #take} answers null, {@link #give} keeps nothing and parameters
     * keep no gradient arrays ({@link Tensor#recycleGrad()}), so every array is allocated anew:
     * a run that way is the reference a run with reuse must equal bit for bit. Turning it off
     * also forgets the arrays kept. Returns the previous setting.
     */
    public static boolean setKeeping(boolean on) {
        boolean before = keeping;
        keeping = on && ENABLED;
        if (!keeping) {
            clear();
        }
        return before;
    }

    /**
     * An array of exactly {@code n} elements that was given back, with whatever its last user left
     * in it, or null when there is none (or {@code n} is below {@value #MIN_LENGTH}, or not
     * {@link #keeping()}). The caller owns it from now on.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static float[] take(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("array length must be >= 0, got " + n);
        }
        if (!keeping || n < MIN_LENGTH) {
            return null;
        }
        synchronized (FREE) {
            Iterator<Reference<float[]>> it = FREE.iterator();
            while (it.hasNext()) {
                float[] a = it.next().get();
                if (a == null) {
                    it.remove();
                } else if (a.length == n) {
                    it.remove();
                    return a;
                }
            }
        }
        return null;
    }

    /** As {@link #take}, but a new array when none is kept; all zeros when {@code zeroed}. */
    public static float[] takeOrAllocate(int n, boolean zeroed) {
        float[] a = take(n);
        if (a == null) {
            return new float[n];
        }
        if (zeroed) {
            Arrays.fill(a, 0f);
        }
        return a;
    }

    /**
     * Gives {@code array} back for a later {@link #take}. The caller, and everyone else, must no
     * longer use it. Null, short arrays, an array already kept and everything while not
     * {@link #keeping()} are ignored.
     */
    public static void give(float[] array) {
        if (!keeping || array == null || array.length < MIN_LENGTH) {
            return;
        }
        synchronized (FREE) {
            for (Reference<float[]> kept : FREE) {
                if (kept.get() == array) {
                    return; // given twice: keeping it twice would hand it to two takers
                }
            }
            if (FREE.size() >= MAX_ARRAYS) {
                FREE.pollFirst();
            }
            FREE.addLast(SOFT ? new SoftReference<>(array) : new WeakReference<>(array));
        }
    }

    /** {@code value} of {@value #REFERENCES_PROPERTY} (null: not set) → whether to use soft references. */
    static boolean parseReferences(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() || v.equalsIgnoreCase("weak")) {
            return false;
        }
        if (v.equalsIgnoreCase("soft")) {
            return true;
        }
        System.getLogger("dev.rnn4j.tensor").log(System.Logger.Level.WARNING,
                "-D" + REFERENCES_PROPERTY + "=" + value + " is neither soft nor weak; using weak references");
        return false;
    }

    /** Forgets every kept array (tests; or to hand the memory back to the collector at once). */
    public static void clear() {
        synchronized (FREE) {
            FREE.clear();
        }
    }
}
