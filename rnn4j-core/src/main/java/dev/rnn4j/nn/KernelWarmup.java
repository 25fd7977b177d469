package dev.rnn4j.nn;

import dev.rnn4j.kernels.Java21Paths;
import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT to compile the code around the kernels before the first real training steps need it.
 *
 * <p>A training step runs the embedding lookup and its backward, the batch-first transposes, the
 * linear head, the loss, gradient clipping and the optimiser's update only a handful of times, each
 * over a large array. Such code reaches C2 only after several steps, and on a machine with few
 * cores those compilations then compete with the training threads. {@link #start()} runs training
 * steps of a tiny model (embedding, batch-first transpose, linear heads, cross entropy, backward,
 * gradient-norm clipping that scales and that does not, Adam) on a daemon thread for up to 1.5 s, a
 * few microseconds each once compiled, so that this code is compiled while the caller builds its
 * model and runs its first step. It does not run the recurrent kernels: the caller's first step
 * compiles those. Nothing it does is visible to the caller: its own modules, tensors and random
 * numbers. The evidence is in BENCHMARKS.md, section "Warm-up".
 *
 * <p>On Java 17 ({@link Java21Paths} off) the warm-up trains a small LSTM and GRU instead, because
 * on that JDK the call sequence decides whether some runs collapse (see {@link Java21Paths}).
 *
 * <p>Nothing starts it implicitly: creating a layer starts no thread. The command line ({@code rnn4j}
 * training commands, {@code bench}, {@code demo}) calls {@link #start()}; a library user who trains
 * calls it once, before building the model:
 * <pre>{@code
 * KernelWarmup.start();                  // returns at once; a daemon thread warms up for ~1.5 s
 * LSTM lstm = new LSTM(options, rng);
 * }</pre>
 * It runs only with the Vector API kernels (the scalar reference compiles quickly); the system
 * property {@value #PROPERTY}{@code =false} turns it off.
 */
public final class KernelWarmup {

    /** System property: {@code false} turns the warm-up off. */
    public static final String PROPERTY = "rnn4j.warmup";

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Wall-clock budget of the background warm-up, in milliseconds. */
    private static final long BUDGET_MILLIS = 1500;

    private KernelWarmup() {
    }

    /**
     * Starts the background warm-up on a daemon thread named {@code rnn4j-warmup}, once per JVM,
     * when the Vector API kernels are in use and {@value #PROPERTY} is not {@code false}; later calls
     * do nothing. Returns at once.
     */
    public static void start() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
            return;
        }
        if (KernelProvider.get().getClass() == ScalarKernels.class || !STARTED.compareAndSet(false, true)) {
            return;
        }
        long budgetNanos = BUDGET_MILLIS * 1_000_000L;
        Thread thread = new Thread(() -> {
            try {
                if (Java21Paths.enabled()) {
                    run(budgetNanos, Integer.MAX_VALUE);
                } else {
                    runRecurrentRounds(budgetNanos, Integer.MAX_VALUE);
                }
            } catch (RuntimeException | Error e) {
                // a warm-up that fails has only failed to make the first steps faster
                System.getLogger("dev.rnn4j.nn").log(System.Logger.Level.DEBUG, "kernel warm-up stopped", e);
            }
        }, "rnn4j-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether {@link #start()} has started the warm-up in this JVM. */
    static boolean started() {
        return STARTED.get();
    }

    /**
     * Runs training steps of the tiny model on the calling thread until {@code budgetNanos} have
     * passed or {@code maxSteps} steps are done, and returns the number of steps.
     */
    static int run(long budgetNanos, int maxSteps) {
        long start = System.nanoTime();
        TinyStep tiny = new TinyStep(new Rng(7));
        int steps = 0;
        while (steps < maxSteps && System.nanoTime() - start < budgetNanos) {
            tiny.trainStep();
            steps++;
        }
        return steps;
    }

    /**
     * A training step of a tiny model with two heads: embedding (50, 32) of a (4, 8) batch of token
     * ids, transposed to (8, 4, 32); linear (32, 20) at every step and linear (32, 2) on the last
     * step (outputs wider and narrower than one vector); the sum of their cross entropies,
     * backward, gradient-norm clipping (alternately to a bound that scales the gradients and to one
     * that does not) and Adam.
     */
    private static final class TinyStep {
        private static final int BATCH = 4;
        private static final int STEPS = 8;
        private static final int VOCAB = 50;
        private static final int EMBEDDING = 32;
        private static final int CLASSES = 20;
        private static final int LABELS = 2;

        private final Embedding embedding;
        private final Linear head;
        private final Linear lastHead;
        private final Adam adam;
        private final int[] ids;       // (B, T)
        private final int[] targets;   // (T·B)
        private final int[] labels;    // (B)
        private int calls;

        TinyStep(Rng rng) {
            embedding = new Embedding(VOCAB, EMBEDDING, -1, rng);
            head = new Linear(EMBEDDING, CLASSES, rng);
            lastHead = new Linear(EMBEDDING, LABELS, rng);
            List<Tensor> params = new ArrayList<>(embedding.parameters());
            params.addAll(head.parameters());
            params.addAll(lastHead.parameters());
            adam = new Adam(params, 1e-3);
            ids = randomInts(rng, VOCAB, BATCH * STEPS);
            targets = randomInts(rng, CLASSES, BATCH * STEPS);
            labels = randomInts(rng, LABELS, BATCH);
        }

        void trainStep() {
            adam.zeroGrad();
            Tensor x = embedding.forward(ids, BATCH, STEPS).transpose(0, 1);         // (T, B, E)
            Tensor logits = head.forward(x).reshape(STEPS * BATCH, CLASSES);        // (T·B, C)
            Tensor last = lastHead.forward(x.select(0, STEPS - 1));                 // (B, 2)
            Losses.crossEntropy(logits, targets).add(Losses.crossEntropy(last, labels)).backward();
            GradClip.clipGradNorm(adam.parameters(), calls++ % 2 == 0 ? 1e-3 : 1e3);
            adam.step();
        }
    }

    private static int[] randomInts(Rng rng, int bound, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) (rng.nextDouble() * bound);
        }
        return out;
    }

    /**
     * The warm-up kept for Java 17: trains embedding → 2-layer LSTM or GRU (hidden 256) → linear on
     * random data, in turn, until {@code budgetNanos} have passed or {@code maxRounds} rounds are
     * done, on the calling thread, through the sequence kernel, its products, gate passes and
     * prepared operands and a shrinking batch. Returns the number of rounds.
     */
    static int runRecurrentRounds(long budgetNanos, int maxRounds) {
        int vocab = 50;
        int embedding = 64;
        int hidden = 256;   // batch × hidden = 8,192: the gate passes take their parallel path
        int batch = 32;
        int steps = 12;     // steps × batch = 384 rows: the shared-B and whole-depth products
        Rng rng = new Rng(7);
        Embedding emb = new Embedding(vocab, embedding, -1, rng);
        RecurrentLayer[] layers = {
            new LSTM(new RecurrentLayer.Options(embedding, hidden).numLayers(2), rng),
            new GRU(new RecurrentLayer.Options(embedding, hidden), rng),
        };
        Linear head = new Linear(hidden, vocab, rng);
        int[] tokens = randomInts(rng, vocab, steps * batch);
        int[] targets = randomInts(rng, vocab, steps * batch);
        int[] lengths = new int[batch]; // a shrinking batch, as packed sequences
        for (int b = 0; b < batch; b++) {
            lengths[b] = b < batch / 2 ? steps : 1 + b % steps;
        }
        long start = System.nanoTime();
        int rounds = 0;
        while (rounds < maxRounds && System.nanoTime() - start < budgetNanos) {
            RecurrentLayer layer = layers[rounds % layers.length];
            Tensor x = emb.forward(tokens, steps, batch);                        // (T, B, E)
            Tensor out = layer.forward(x, rounds % 4 == 3 ? lengths : null).output(); // (T, B, H)
            Tensor logits = head.forward(out).reshape(steps * batch, vocab);
            Losses.crossEntropy(logits, targets).backward();
            emb.zeroGrad();
            layer.zeroGrad();
            head.zeroGrad();
            rounds++;
        }
        return rounds;
    }
}
