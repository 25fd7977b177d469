package dev.rnn4j.cli;

import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.train.TrainingOptions;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;

/**
 * The flags every training command shares, as a picocli mixin:
 * {@code --seed --epochs --batch-size --lr --threads --out DIR --resume --quiet}.
 *
 * <pre>{@code
 * @Mixin TrainingFlags training = new TrainingFlags(5, 64, 2e-3); // this command's defaults
 * ...
 * Trainer.builder(model, new Adam(model.parameters(), training.lr()), data, step)
 *        .options(training.options())   // epochs, seed, --out, --resume, --quiet
 *        .build().fit();
 * }</pre>
 *
 * <p>Values are validated as they are parsed (a bad value is a usage error naming the flag).
 * {@code --threads N} goes to {@link KernelThreads#set} at once.
 */
public final class TrainingFlags {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed: initialisation, data order, dropout "
            + "(default: ${DEFAULT-VALUE}).")
    private long seed = 42;

    @Option(names = "--epochs", paramLabel = "N", converter = AtLeastOne.class,
            description = "Number of epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch-size", paramLabel = "N", converter = AtLeastOne.class,
            description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", converter = PositiveRate.class,
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    private double lr;

    private Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder: checkpoints, metrics.jsonl and the "
            + "final model.safetensors go there.")
    private Path out;

    @Option(names = "--resume", description = "Continue from the last checkpoint in the --out folder.")
    private boolean resume;

    @Option(names = "--quiet", description = "No progress bar; one line per epoch.")
    private boolean quiet;

    /** The usual defaults: 10 epochs, batch size 32, learning rate 1e-3, seed 42. */
    public TrainingFlags() {
        this(10, 32, 1e-3);
    }

    /** A command's own defaults (shown in its help). */
    public TrainingFlags(int epochs, int batchSize, double lr) {
        if (epochs < 1 || batchSize < 1 || !(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("TrainingFlags defaults: expected epochs >= 1, batch size >= 1 and a "
                    + "finite lr > 0, got " + epochs + ", " + batchSize + ", " + lr);
        }
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
    }

    /** Parses a count of at least 1 (picocli names the flag in its error). */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1) {
                throw new TypeConversionException("expected at least 1, got " + n);
            }
            return n;
        }
    }

    /** Parses a finite rate > 0. */
    static final class PositiveRate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number");
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new TypeConversionException("expected a finite number > 0, got " + value);
            }
            return v;
        }
    }

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix kernels (default: the "
            + "number of processors). Same seed and same thread count give bit-identical training.")
    void setThreads(int threads) {
        if (threads < 1 || threads > KernelThreads.MAX) {
            throw usage("--threads must be between 1 and " + KernelThreads.MAX + ", got " + threads);
        }
        this.threads = threads;
        KernelThreads.set(threads);
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

    /**
     * The parsed values as the training library takes them.
     *
     * @throws IllegalArgumentException for --resume without --out
     */
    public TrainingOptions options() {
        return new TrainingOptions(seed, epochs, batchSize, lr, out, resume, quiet);
    }

    @Override
    public String toString() {
        return "seed " + seed + ", epochs " + epochs + ", batch size " + batchSize + ", lr " + lr
                + (threads == null ? "" : ", threads " + threads) + (out == null ? "" : ", out " + out)
                + (resume ? ", resume" : "") + (quiet ? ", quiet" : "");
    }
}
