package dev.rnn4j.nn;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT to compile the Vector API kernels before the first real training steps need them.
 *
 * <p>Until C2 has compiled a Vector API kernel it runs in the interpreter or in C1 code, where
 * every vector is an object: the first training step of the char-LM benchmark took 1.5 s against
 * 0.25 s once compiled, steps 3 to 7 still 0.26-0.31 s, and the boxes made ~800 MB/s of garbage,
 * which also grows the heap. So the first time a recurrent layer is created, a daemon thread
 * trains a small embedding → LSTM/GRU → linear model on random data for about a second, through
 * the same code paths (the sequence kernel, its products, gate passes and the prepared operands,
 * a shrinking batch), while the caller goes on building its model. Nothing it does is visible to
 * the caller: its own tensors, its own random numbers, and products that give the same result
 * whichever thread runs them.
 *
 * <p>Only with the Vector API kernels (the scalar reference compiles quickly). The system property
 * {@value #PROPERTY}{@code =false} turns it off.
 */
public final class KernelWarmup {

    /** System property: {@code false} turns the warm-up off. */
    public static final String PROPERTY = "rnn4j.warmup";

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Wall-clock budget of the background warm-up. */
    private static final long BUDGET_NANOS = 1_500_000_000L;

    private KernelWarmup() {
    }

    /**
     * Starts the background warm-up once per JVM, when the Vector API kernels are in use and
     * {@value #PROPERTY} is not {@code false}; later calls do nothing.
     */
    public static void startInBackground() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
            return;
        }
        if (KernelProvider.get().getClass() == ScalarKernels.class || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                run(BUDGET_NANOS, Integer.MAX_VALUE);
            } catch (RuntimeException | Error e) {
                // a warm-up that fails has only failed to make the first steps faster
                System.getLogger("dev.rnn4j.nn").log(System.Logger.Level.DEBUG, "kernel warm-up stopped", e);
            }
        }, "rnn4j-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Trains the small models, LSTM and GRU in turn, until {@code budgetNanos} have passed or
     * {@code maxRounds} rounds are done, on the calling thread. Returns the number of rounds.
     */
    static int run(long budgetNanos, int maxRounds) {
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
        int[] tokens = new int[steps * batch];
        int[] targets = new int[steps * batch];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (int) (rng.nextDouble() * vocab);
            targets[i] = (int) (rng.nextDouble() * vocab);
        }
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
