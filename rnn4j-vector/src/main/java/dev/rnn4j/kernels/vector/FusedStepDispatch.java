package dev.rnn4j.kernels.vector;

import java.util.Arrays;

/**
 * The fused streaming step of {@link VectorKernels} ({@link dev.rnn4j.kernels.Kernels#lstmStep},
 * {@link dev.rnn4j.kernels.Kernels#gruStep}) on the cores: the per-thread arguments of one step and
 * the shared {@link StepTeam} that runs the tiles of {@link FusedCellStep} in fixed shares.
 * Arguments are trusted (the callers validate).
 */
final class FusedStepDispatch {

    private FusedStepDispatch() {
    }

    /**
     * The LSTM ({@code lstm}) or GRU step of {@link FusedCellStep}, its tiles of hidden units split over
     * a {@link StepTeam} in fixed shares (the caller runs the first), so each core keeps its share of
     * the weights in its own cache across steps. The caller first copies x and hPrev side by side
     * into one reused buffer ({@link FusedCellStep#join}), the operand every part reads.
     */
    static void fusedStep(boolean lstm, int rows, int input, int hidden, float[] packed, float[] x, int xOff,
                          float[] hPrev, float[] c, float[] h) {
        StepCall call = STEP_CALLS.get();
        call.lstm = lstm;
        call.rows = rows;
        call.input = input;
        call.hidden = hidden;
        call.packed = packed;
        call.c = c;
        call.h = h;
        call.tiles = FusedCellStep.tiles(hidden);
        call.xh = call.joined(rows * (input + hidden));
        FusedCellStep.join(rows, input, hidden, x, xOff, hPrev, call.xh);
        long fmas = (long) rows * (lstm ? 4 : 3) * hidden * (input + hidden);
        StepTeam team = call.tiles >= 2 && fmas >= Sgemm.PARALLEL_MIN_FMAS ? stepTeam() : null;
        try {
            if (team != null) {
                int parts = Math.min(team.size(), call.tiles);
                call.ensureScratch(parts);
                call.ensureCopies(parts);
                if (team.tryRun(call, parts)) {
                    return;
                }
            }
            call.ensureScratch(1);
            call.run(0, 1);
        } finally {
            call.clear();
        }
    }

    /**
     * The arguments of one fused step; part p runs a fixed share of the tiles (on the same thread
     * every step, see {@link StepTeam}). One per calling thread.
     */
    private static final class StepCall implements WorkerPool.Job {
        boolean lstm;
        int rows;
        int input;
        int hidden;
        float[] packed;
        float[] c;
        float[] h;
        int tiles;
        /** (rows, I + H): {@code [x | hPrev]} of this step, see {@link FusedCellStep#join}. */
        float[] xh;
        /** One tile's pre-activations per part (parts never run twice at once). */
        float[][] scratch = new float[0][];
        private float[] joinedBuffer = new float[0];

        /** The reused {@code [x | hPrev]} buffer, grown to at least {@code floats}. */
        float[] joined(int floats) {
            if (joinedBuffer.length < floats) {
                joinedBuffer = new float[floats];
            }
            return joinedBuffer;
        }

        /** Per part p ≥ 1: its own copy of xh, see {@link #run}. */
        float[][] xhCopies = new float[0][];

        void ensureCopies(int parts) {
            if (xhCopies.length < parts) {
                xhCopies = Arrays.copyOf(xhCopies, parts);
            }
            int floats = rows * (input + hidden) + 16; // 16 floats of slack: no line shared with the next array
            for (int p = 1; p < parts; p++) {
                if (xhCopies[p] == null || xhCopies[p].length < floats) {
                    xhCopies[p] = new float[floats];
                }
            }
        }

        void ensureScratch(int parts) {
            if (scratch.length < parts) {
                float[][] grown = Arrays.copyOf(scratch, parts);
                for (int p = scratch.length; p < parts; p++) {
                    grown[p] = new float[FusedCellStep.SCRATCH_FLOATS];
                }
                scratch = grown;
            }
        }

        /**
         * Part 0 (the caller, which has just written xh) reads xh where it is; another part first
         * copies it into its own array: one bulk copy fetches all of xh's lines from the caller's
         * core at once, where the k-loop would wait for them one at a time (BENCHMARKS.md,
         * "Streaming: the step against its bound").
         */
        @Override
        public void run(int part, int parts) {
            int from = (int) ((long) tiles * part / parts);
            int to = (int) ((long) tiles * (part + 1) / parts);
            float[] operand = xh;
            if (part > 0) {
                operand = xhCopies[part];
                System.arraycopy(xh, 0, operand, 0, rows * (input + hidden));
            }
            FusedCellStep.run(lstm, rows, input, hidden, packed, operand, c, h, from, to, scratch[part]);
        }

        void clear() {
            packed = null;
            xh = null;
            c = null;
            h = null;
        }
    }

    private static final Object TEAM_LOCK = new Object();
    private static volatile StepTeam team; // replaced under TEAM_LOCK when the thread count changes

    /** The fused step's team of {@link Sgemm#threads()} threads, or null when there is one thread. */
    private static StepTeam stepTeam() {
        int t = Sgemm.threads();
        if (t <= 1) {
            return null;
        }
        StepTeam current = team;
        if (current != null && current.size() == t) {
            return current;
        }
        synchronized (TEAM_LOCK) {
            if (team == null || team.size() != t) {
                if (team != null) {
                    team.shutdown();
                }
                team = new StepTeam(t);
            }
            return team;
        }
    }

    private static final ThreadLocal<StepCall> STEP_CALLS = ThreadLocal.withInitial(StepCall::new);
}
