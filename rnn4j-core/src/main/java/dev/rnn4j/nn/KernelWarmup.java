package dev.rnn4j.nn;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT to compile the code of a training step before the first real training steps need it.
 *
 * <p>Until C2 has compiled a Vector API kernel it runs in the interpreter or in C1 code, where
 * every vector is an object: the first training step of the char-LM benchmark took 1.5 s against
 * 0.25 s once compiled, and the boxes made ~800 MB/s of garbage, which also grows the heap. The
 * code around the kernels matters too: a method that runs once per training step over a large
 * array (the embedding lookup and its backward, the batch-first transposes, the loss, gradient
 * clipping, the optimiser's update) reaches C2 only after several steps, and on a machine with few
 * cores its compilation then competes with the training threads (measured with JFR on 2 cores:
 * the steps during which C2 compiled such methods took 95-125 ms, those without 72-75 ms).
 *
 * <p>So the first time a recurrent layer is created, a daemon thread trains small models on random
 * data for about {@value #BUDGET_MILLIS} ms while the caller goes on building its model: complete
 * training steps (embedding, batch-first recurrent layer, linear head, cross entropy, backward,
 * gradient-norm clipping, Adam), once as a classifier on the last hidden state and once as a
 * language model with a loss at every step, with full and shrinking batches. The sizes are chosen
 * to take the branches realistic sizes take (hidden 256, so the gate passes and products run on
 * several threads; enough rows that the products share packed operands and pack all of k; vector
 * tails; clipping that scales and clipping that does not), so that code compiled from the warm-up's
 * profile is not thrown away ("deoptimised") at the first real step. Nothing it does is visible to
 * the caller: its own modules, tensors and random numbers, and products that give the same result
 * whichever thread runs them.
 *
 * <p>Only with the Vector API kernels (the scalar reference compiles quickly). The system property
 * {@value #PROPERTY}{@code =false} turns it off.
 */
public final class KernelWarmup {

    /** System property: {@code false} turns the warm-up off. */
    public static final String PROPERTY = "rnn4j.warmup";

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Wall-clock budget of the background warm-up, in milliseconds. */
    private static final long BUDGET_MILLIS = 1500;

    /** Time spent on the cheap calls (kernel branches, tiny step) before each training round. */
    private static final long BURST_NANOS = 10_000_000L;

    private KernelWarmup() {
    }

    /**
     * Starts the background warm-up once per JVM for both LSTM and GRU, when the Vector API kernels
     * are in use and {@value #PROPERTY} is not {@code false}; later calls do nothing.
     */
    public static void startInBackground() {
        startInBackground(null);
    }

    /**
     * Starts the background warm-up once per JVM for the given cell (null: LSTM and GRU in turn),
     * when the Vector API kernels are in use and {@value #PROPERTY} is not {@code false}; later
     * calls do nothing. The first recurrent layer created names its cell, so that the warm-up's
     * time and the compiler's go to the code that layer will run.
     */
    public static void startInBackground(CellType cell) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
            return;
        }
        if (KernelProvider.get().getClass() == ScalarKernels.class || !STARTED.compareAndSet(false, true)) {
            return;
        }
        CellType[] cells = cellsFor(cell);
        Thread thread = new Thread(() -> {
            try {
                run(cells, BUDGET_MILLIS * 1_000_000L, Integer.MAX_VALUE);
            } catch (RuntimeException | Error e) {
                // a warm-up that fails has only failed to make the first steps faster
                System.getLogger("dev.rnn4j.nn").log(System.Logger.Level.DEBUG, "kernel warm-up stopped", e);
            }
        }, "rnn4j-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** The cells to warm up: the one given, or (null, or a plain RNN) LSTM and GRU in turn. */
    private static CellType[] cellsFor(CellType cell) {
        if (cell == CellType.LSTM || cell == CellType.GRU) {
            return new CellType[] {cell};
        }
        return new CellType[] {CellType.LSTM, CellType.GRU};
    }

    /**
     * Runs training rounds for LSTM and GRU in turn on the calling thread, until
     * {@code budgetNanos} have passed or {@code maxRounds} rounds are done. Returns the number of
     * rounds.
     */
    static int run(long budgetNanos, int maxRounds) {
        return run(cellsFor(null), budgetNanos, maxRounds);
    }

    /**
     * Runs training rounds on the calling thread, until {@code budgetNanos} have passed or
     * {@code maxRounds} rounds are done, and returns the number of rounds. Round r trains, for cell
     * {@code cells[(r / 2) % cells.length]}, the classifier (even r) or the language model (odd r);
     * every second round of each uses a shrinking batch.
     */
    static int run(CellType[] cells, long budgetNanos, int maxRounds) {
        long start = System.nanoTime();
        Kernels kernels = KernelProvider.get();
        Rng rng = new Rng(7);
        WarmupModel[] models = new WarmupModel[2 * cells.length];
        TinyStep tiny = new TinyStep(rng);
        int rounds = 0;
        while (rounds < maxRounds && System.nanoTime() - start < budgetNanos) {
            long burstStart = System.nanoTime();
            do {
                kernels.exerciseBranches();
                tiny.trainStep();
            } while (System.nanoTime() - burstStart < BURST_NANOS);
            int which = rounds % models.length;
            if (models[which] == null) {
                CellType cell = cells[which / 2];
                models[which] = which % 2 == 0 ? WarmupModel.classifier(cell, rng) : WarmupModel.languageModel(cell, rng);
            }
            models[which].trainStep((rounds / models.length) % 2 == 1);
            rounds++;
        }
        return rounds;
    }

    /**
     * A training step of a tiny model without a recurrent layer (embedding, batch-first transpose,
     * linear, cross entropy, backward, clipping, Adam): a few microseconds once compiled, so that the
     * bursts between rounds call the per-step code (which a real training step runs a handful of
     * times, over large arrays) often enough for the JIT to compile it early.
     */
    private static final class TinyStep {
        private static final int BATCH = 4;
        private static final int STEPS = 8;
        private static final int CLASSES = 20;

        private final Embedding embedding;
        private final Linear head;
        private final Adam adam;
        private final int[] ids;
        private final int[] targets;
        private int calls;

        TinyStep(Rng rng) {
            embedding = new Embedding(50, 32, -1, rng);
            head = new Linear(32, CLASSES, rng);
            List<Tensor> params = new ArrayList<>(embedding.parameters());
            params.addAll(head.parameters());
            adam = new Adam(params, 1e-3);
            ids = WarmupModel.randomInts(rng, 50, BATCH * STEPS);
            targets = WarmupModel.randomInts(rng, CLASSES, BATCH * STEPS);
        }

        void trainStep() {
            adam.zeroGrad();
            Tensor x = embedding.forward(ids, BATCH, STEPS).transpose(0, 1);            // (T, B, E)
            Tensor logits = head.forward(x).reshape(STEPS * BATCH, CLASSES);           // (T·B, C)
            Losses.crossEntropy(logits, targets).backward();
            GradClip.clipGradNorm(adam.parameters(), calls++ % 2 == 0 ? 1e-3 : 1e3);
            adam.step();
        }
    }

    /**
     * One small model and its optimiser: embedding → batch-first recurrent layer → linear head, as a
     * classifier of the last hidden state (2 classes, clipped gradients) or as a language model
     * with a loss at every step.
     */
    private static final class WarmupModel {
        /** Hidden size: batch × hidden ≥ 8,192, so the gate passes take their parallel path. */
        private static final int HIDDEN = 256;
        /** Batch: more than the few rows the unpacked products take. */
        private static final int BATCH = 32;
        /**
         * Steps: steps × batch = 512 rows, so that the input products share packed blocks of the
         * weights and the weight gradients pack all of their depth (k = 512 > one block of 256).
         */
        private static final int STEPS = 16;

        private final Embedding embedding;
        private final RecurrentLayer rnn;
        private final Linear head;
        private final Adam adam;
        private final boolean classifier;
        private final int classes;
        private final int[] ids;       // (B, T)
        private final int[] targets;   // (B) for the classifier, (B·T) for the language model
        private final int[] lengths;   // (B): half full, half shorter, as packed sequences
        private int steps;

        private WarmupModel(CellType cell, boolean classifier, int vocab, int embeddingDim, int layers, int classes,
                            Rng rng) {
            this.classifier = classifier;
            this.classes = classes;
            this.embedding = new Embedding(vocab, embeddingDim, -1, rng);
            RecurrentLayer.Options options = new RecurrentLayer.Options(embeddingDim, HIDDEN).numLayers(layers)
                    .batchFirst(true);
            this.rnn = cell == CellType.LSTM ? new LSTM(options, rng) : new GRU(options, rng);
            this.head = new Linear(HIDDEN, classes, rng);
            List<Tensor> params = new ArrayList<>(embedding.parameters());
            params.addAll(rnn.parameters());
            params.addAll(head.parameters());
            this.adam = new Adam(params, 1e-3);
            this.ids = randomInts(rng, vocab, BATCH * STEPS);
            this.targets = randomInts(rng, classes, classifier ? BATCH : BATCH * STEPS);
            this.lengths = new int[BATCH];
            for (int b = 0; b < BATCH; b++) {
                lengths[b] = b < BATCH / 2 ? STEPS : 1 + b % STEPS;
            }
        }

        /** Embedding (1000, 128) → cell (128, 256) → Linear (256, 2) on the last step. */
        static WarmupModel classifier(CellType cell, Rng rng) {
            return new WarmupModel(cell, true, 1000, 128, 1, 2, rng);
        }

        /** Embedding (67, 256) → 2 layers of the cell (256) → Linear (256, 67) at every step. */
        static WarmupModel languageModel(CellType cell, Rng rng) {
            return new WarmupModel(cell, false, 67, HIDDEN, 2, 67, rng);
        }

        /** One training step: zero grad, forward, cross entropy, backward, (clip), Adam. */
        void trainStep(boolean shrinkingBatch) {
            adam.zeroGrad();
            Tensor x = embedding.forward(ids, BATCH, STEPS);                          // (B, T, E)
            RecurrentOutput r = rnn.forward(x, shrinkingBatch ? lengths : null);
            Tensor loss;
            if (classifier) {
                Tensor last = r.hN().select(0, rnn.numLayers() - 1);                // (B, H)
                loss = Losses.crossEntropy(head.forward(last), targets);
            } else {
                Tensor logits = head.forward(r.output()).reshape(BATCH * STEPS, classes); // (B·T, V)
                loss = Losses.crossEntropy(logits, targets);
            }
            loss.backward();
            // a bound that scales the gradients, then one that leaves them as they are
            GradClip.clipGradNorm(adam.parameters(), steps++ % 2 == 0 ? 1e-3 : 1e3);
            adam.step();
        }

        private static int[] randomInts(Rng rng, int bound, int count) {
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = (int) (rng.nextDouble() * bound);
            }
            return out;
        }
    }
}
