package dev.rnn4j.train;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * The flags every training command shares, as a picocli mixin:
 * {@code --seed --epochs --batch-size --lr --threads --out DIR --resume --quiet}.
 *
 * <pre>{@code
 * @Mixin TrainingOptions training = new TrainingOptions(5, 64, 2e-3); // this command's defaults
 * ...
 * Trainer.builder(model, new Adam(model.parameters(), training.lr()), data, step)
 *        .options(training)   // epochs, seed, --out, --resume, --quiet
 *        .build().fit();
 * }</pre>
 *
 * <p>Values are validated as they are parsed (a bad value is a usage error naming the flag).
 * {@code --threads N} sets the system property {@code rnn4j.threads} at once, before any kernel is
 * loaded; the kernels read it once, when they are first used, so it must not be changed later.
 */
public final class TrainingOptions {

    /** The system property the kernels read for their thread count. */
    public static final String THREADS_PROPERTY = "rnn4j.threads";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private long seed = 42;
    private int epochs;
    private int batchSize;
    private double lr;
    private Integer threads;
    private Path out;
    private boolean resume;
    private boolean quiet;

    /** The usual defaults: 10 epochs, batch size 32, learning rate 1e-3, seed 42. */
    public TrainingOptions() {
        this(10, 32, 1e-3);
    }

    /** A command's own defaults (shown in its help). */
    public TrainingOptions(int epochs, int batchSize, double lr) {
        if (epochs < 1 || batchSize < 1 || !(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("TrainingOptions defaults: expected epochs >= 1, batch size >= 1 and a "
                    + "finite lr > 0, got " + epochs + ", " + batchSize + ", " + lr);
        }
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
    }

    @Option(names = "--seed", paramLabel = "N", description = "Random seed: initialisation, data order, dropout "
            + "(default: ${DEFAULT-VALUE}).")
    void setSeed(long seed) {
        this.seed = seed;
    }

    @Option(names = "--epochs", paramLabel = "N", description = "Number of epochs (default: ${DEFAULT-VALUE}).")
    void setEpochs(int epochs) {
        if (epochs < 1) {
            throw usage("--epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
    }

    @Option(names = "--batch-size", paramLabel = "N", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw usage("--batch-size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    void setLr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw usage("--lr must be a finite number > 0, got " + lr);
        }
        this.lr = lr;
    }

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix kernels (default: the "
            + "number of processors). Same seed and same thread count give bit-identical training.")
    void setThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw usage("--threads must be between 1 and 1024, got " + threads);
        }
        this.threads = threads;
        System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
    }

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder: checkpoints, metrics.jsonl and the "
            + "final model.safetensors go there.")
    void setOut(Path out) {
        this.out = out;
    }

    @Option(names = "--resume", description = "Continue from the last checkpoint in the --out folder.")
    void setResume(boolean resume) {
        this.resume = resume;
    }

    @Option(names = "--quiet", description = "No progress bar; one line per epoch.")
    void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    private RuntimeException usage(String message) {
        return spec == null ? new IllegalArgumentException(message) : new ParameterException(spec.commandLine(), message);
    }

    public long seed() {
        return seed;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public double lr() {
        return lr;
    }

    /** The --threads value, or null when not given (the kernels then use every processor). */
    public Integer threads() {
        return threads;
    }

    /** The --out folder, or null. */
    public Path out() {
        return out;
    }

    public boolean resume() {
        return resume;
    }

    public boolean quiet() {
        return quiet;
    }

    @Override
    public String toString() {
        return "seed " + seed + ", epochs " + epochs + ", batch size " + batchSize + ", lr " + lr
                + (threads == null ? "" : ", threads " + threads) + (out == null ? "" : ", out " + out)
                + (resume ? ", resume" : "") + (quiet ? ", quiet" : "");
    }
}
