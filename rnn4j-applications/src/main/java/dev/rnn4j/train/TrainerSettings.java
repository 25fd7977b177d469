package dev.rnn4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.nn.Module;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.optim.schedule.LinearWarmup;
import dev.rnn4j.optim.schedule.LrSchedule;
import dev.rnn4j.tensor.Rng;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link Trainer}, collected by {@link Trainer.Builder}: every setter validates its
 * argument and returns the builder, and {@link #checkConsistent()} rejects settings that contradict
 * each other. The trainer reads the fields once, when it is built.
 *
 * @param <M> the model type
 * @param <B> the batch type
 * @param <S> the builder type the setters return
 */
abstract class TrainerSettings<M extends Module, B, S extends TrainerSettings<M, B, S>> {
    final M model;
    final Optimizer optimizer;
    final BatchSource<B> source;
    final StepFunction<M, B> stepFunction;
    Evaluator<M> evaluator;
    int epochs = 10;
    long seed = 42;
    String monitor;
    Mode mode = Mode.MIN;
    int patience;
    double minDelta;
    LrSchedule schedule;
    boolean scheduleEveryStep;
    String scheduleMetric;
    long warmupSteps;
    double clipNorm = Double.NaN;
    double clipValue = Double.NaN;
    Path outDir;
    long checkpointEvery;
    int keepCheckpoints = 2;
    boolean resume;
    boolean writesOutput = true;
    GradientHook gradientHook;
    final LinkedHashMap<String, Rng> rngs = new LinkedHashMap<>();
    JsonNode modelConfig;
    NonFinitePolicy nonFinite = NonFinitePolicy.STOP;
    boolean quiet;
    Boolean progressBar;
    PrintStream out = System.out;
    int logEvery = 50;
    final List<Callback> callbacks = new ArrayList<>();
    boolean restoreBestWeights;
    boolean averageNeighbourEpochs;

    TrainerSettings(M model, Optimizer optimizer, BatchSource<B> source, StepFunction<M, B> stepFunction) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.source = Objects.requireNonNull(source, "train");
        this.stepFunction = Objects.requireNonNull(stepFunction, "step");
    }

    /** Number of epochs (default 10). */
    public S epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: expected at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return self();
    }

    /** The run's seed: the data order of every epoch derives from it (default 42). */
    public S seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Validation at each epoch's end. */
    public S evaluator(Evaluator<M> evaluator) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        return self();
    }

    /** The metric deciding the best model ({@code val_accuracy}, {@code val_loss}, {@code loss}). */
    public S monitor(String metric, Mode mode) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("monitor: a metric name is required, got '" + metric + "'");
        }
        this.monitor = metric;
        this.mode = Objects.requireNonNull(mode, "mode");
        return self();
    }

    /** Early stopping on {@code metric}: stop after {@code patience} epochs without improvement. */
    public S earlyStopping(String metric, Mode mode, int patience) {
        return earlyStopping(metric, mode, patience, 0.0);
    }

    /** Early stopping; an improvement must exceed {@code minDelta} (absolute). */
    public S earlyStopping(String metric, Mode mode, int patience, double minDelta) {
        monitor(metric, mode);
        if (patience < 1) {
            throw new IllegalArgumentException("earlyStopping: patience must be at least 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("earlyStopping: minDelta must be finite and >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
        return self();
    }

    /** At the end, load the best model's weights (needs a monitor) before writing model.safetensors. */
    public S restoreBestWeights(boolean on) {
        this.restoreBestWeights = on;
        return self();
    }

    /**
     * Keeps the parameters of the best epoch and its neighbours ({@link EpochSnapshots}, saved in
     * every checkpoint) and, at the end, keeps the mean of the best epoch with the next or the
     * previous epoch when its validated monitored metric is strictly better. Needs
     * {@link #restoreBestWeights}, an {@link #evaluator} and a monitored {@code val_} metric.
     */
    public S averageNeighbourEpochs(boolean on) {
        this.averageNeighbourEpochs = on;
        return self();
    }

    /**
     * A learning-rate schedule stepped once per epoch, after validation (default: none, the
     * optimiser's rate throughout). Build it on this trainer's optimiser and do not step it
     * yourself: {@code .schedule(new CosineAnnealingLR(optimizer, epochs, 1e-4))}.
     *
     * @throws IllegalArgumentException if the schedule needs a metric ({@code ReduceLROnPlateau}:
     *                                  use {@link #schedule(LrSchedule, String)})
     */
    public S schedule(LrSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        if (schedule.needsMetric()) {
            throw new IllegalArgumentException("schedule: " + schedule.name() + " follows a metric; name it with "
                    + "schedule(schedule, metric), e.g. schedule(plateau, \"val_loss\")");
        }
        return setSchedule(schedule, false, null);
    }

    /**
     * A metric-driven schedule ({@code ReduceLROnPlateau}) stepped once per epoch with the epoch
     * metric {@code metric} ({@code val_loss}, {@code loss}, {@code val_accuracy}; the epoch must
     * report it).
     *
     * @throws IllegalArgumentException if the metric is blank or the schedule does not use a metric
     */
    public S schedule(LrSchedule schedule, String metric) {
        Objects.requireNonNull(schedule, "schedule");
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("schedule: a metric name is required, got '" + metric + "'");
        }
        if (!schedule.needsMetric()) {
            throw new IllegalArgumentException("schedule: " + schedule.describe() + " does not use a metric; "
                    + "pass it without '" + metric + "'");
        }
        return setSchedule(schedule, false, metric);
    }

    /**
     * A learning-rate schedule stepped after every optimiser step, e.g. cosine annealing over the
     * whole run: {@code .schedulePerStep(new CosineAnnealingLR(optimizer, epochs * batchesPerEpoch))}.
     *
     * @throws IllegalArgumentException if the schedule needs a metric (those are stepped per epoch)
     */
    public S schedulePerStep(LrSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        if (schedule.needsMetric()) {
            throw new IllegalArgumentException("schedulePerStep: " + schedule.name() + " follows an epoch "
                    + "metric; use schedule(schedule, metric)");
        }
        return setSchedule(schedule, true, null);
    }

    private S setSchedule(LrSchedule schedule, boolean everyStep, String metric) {
        if (schedule.optimizer() != optimizer) {
            throw new IllegalArgumentException("schedule: " + schedule.describe() + " sets another optimizer's "
                    + "learning rate; build it on the optimizer given to Trainer.builder");
        }
        this.schedule = schedule;
        this.scheduleEveryStep = everyStep;
        this.scheduleMetric = metric;
        return self();
    }

    /**
     * Linear warm-up: step s (0-based, global) uses the scheduled rate times
     * {@code (s + 1) / steps} until that reaches 1 ({@link LinearWarmup#ramp}), so the first step
     * already moves and step {@code steps - 1} uses the full rate. It multiplies whatever the
     * schedule sets, per epoch or per step (0 = none, the default).
     */
    public S warmup(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("warmup: expected steps >= 0, got " + steps);
        }
        this.warmupSteps = steps;
        return self();
    }

    /** Clip the gradients' total 2-norm to {@code maxNorm} before each step; logs {@code grad_norm}. */
    public S clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be finite and > 0, got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return self();
    }

    /** Clamp every gradient element to [-value, value] before each step. */
    public S clipGradValue(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("clipGradValue: value must be finite and > 0, got " + value);
        }
        this.clipValue = value;
        return self();
    }

    /** The output folder (checkpoints, log, final model); without one nothing is written. */
    public S outputDir(Path dir) {
        this.outDir = Objects.requireNonNull(dir, "outputDir");
        return self();
    }

    /** Also checkpoint every {@code steps} steps (0: only at epoch ends, the default). */
    public S checkpointEvery(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("checkpointEvery: expected steps >= 0, got " + steps);
        }
        this.checkpointEvery = steps;
        return self();
    }

    /** How many recent checkpoints to keep besides the best (default 2, at least 1). */
    public S keepCheckpoints(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("keepCheckpoints: expected at least 1, got " + count);
        }
        this.keepCheckpoints = count;
        return self();
    }

    /** Continue from the output folder's latest checkpoint instead of starting afresh. */
    public S resume(boolean resume) {
        this.resume = resume;
        return self();
    }

    /**
     * Whether this trainer writes its output folder (default true). With false the folder is only
     * read: a run with {@code resume(true)} restores its latest checkpoint, and nothing (checkpoints,
     * metric log, final model files) is written; the best epoch's weights are then kept in memory.
     * For the data-parallel workers besides the one that writes: they follow its checkpoints.
     */
    public S writesOutput(boolean writes) {
        this.writesOutput = writes;
        return self();
    }

    /**
     * A hook called in every step after backward and before the gradients are checked, clipped and
     * applied (see {@link GradientHook}); none by default.
     */
    public S gradientHook(GradientHook hook) {
        this.gradientHook = Objects.requireNonNull(hook, "gradientHook");
        return self();
    }

    /**
     * Saves and restores {@code rng}'s state with every checkpoint under {@code name} (register
     * every generator the model or data use while training, such as the dropout one).
     */
    public S registerRng(String name, Rng rng) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("registerRng: a name is required, got '" + name + "'");
        }
        Objects.requireNonNull(rng, "rng");
        if (rngs.containsKey(name)) {
            throw new IllegalArgumentException("registerRng: '" + name + "' is already registered");
        }
        for (Rng r : rngs.values()) {
            if (r == rng) {
                throw new IllegalArgumentException("registerRng: this generator is already registered");
            }
        }
        rngs.put(name, rng);
        return self();
    }

    /** The model's configuration (a record, map or JsonNode), stored in checkpoints and model.json. */
    public S modelConfig(Object config) {
        Objects.requireNonNull(config, "modelConfig");
        JsonNode node = config instanceof JsonNode j ? j : Checkpoints.JSON.valueToTree(config);
        if (!node.isObject()) {
            throw new IllegalArgumentException("modelConfig: expected an object, got " + node.getNodeType());
        }
        this.modelConfig = node;
        return self();
    }

    /** What to do on a NaN or infinite loss (default STOP). */
    public S nonFinite(NonFinitePolicy policy) {
        this.nonFinite = Objects.requireNonNull(policy, "nonFinite");
        return self();
    }

    /** No progress bar (the per-epoch lines remain). */
    public S quiet(boolean quiet) {
        this.quiet = quiet;
        return self();
    }

    /** Force the progress bar on or off (default: on when not quiet and attached to a terminal). */
    public S progressBar(boolean on) {
        this.progressBar = on;
        return self();
    }

    /** Where the per-epoch lines go (default System.out). */
    public S output(PrintStream out) {
        this.out = Objects.requireNonNull(out, "output");
        return self();
    }

    /** Write a step entry to metrics.jsonl every {@code steps} steps (default 50; 0 = epochs only). */
    public S logEvery(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("logEvery: expected steps >= 0, got " + steps);
        }
        this.logEvery = steps;
        return self();
    }

    public S callback(Callback callback) {
        callbacks.add(Objects.requireNonNull(callback, "callback"));
        return self();
    }

    /** Applies the shared training settings: epochs, seed, output folder, resume, quiet. */
    public S options(TrainingOptions options) {
        Objects.requireNonNull(options, "options");
        epochs(options.epochs());
        seed(options.seed());
        if (options.out() != null) {
            outputDir(options.out());
        }
        resume(options.resume());
        quiet(options.quiet());
        return self();
    }

    /** This builder, as the setters return it. */
    abstract S self();

    /**
     * @throws IllegalArgumentException if the settings contradict each other (resume or step
     *                                  checkpoints without an output folder, restoring the best
     *                                  weights without a monitor, epoch averaging without what it needs)
     */
    void checkConsistent() {
        if (outDir == null && resume) {
            throw new IllegalArgumentException("--resume needs the output folder (--out DIR) to resume from");
        }
        if (outDir == null && !writesOutput) {
            throw new IllegalArgumentException("writesOutput(false) needs the output folder (--out DIR) it reads");
        }
        if (outDir == null && checkpointEvery > 0) {
            throw new IllegalArgumentException("checkpointEvery needs an output folder (--out DIR)");
        }
        if (restoreBestWeights && monitor == null) {
            throw new IllegalArgumentException("restoreBestWeights needs a monitored metric (monitor or earlyStopping)");
        }
        if (averageNeighbourEpochs && (!restoreBestWeights || evaluator == null || !monitor.startsWith("val_"))) {
            throw new IllegalArgumentException("averageNeighbourEpochs needs restoreBestWeights, an evaluator and a"
                    + " monitored validation metric (val_...), got restoreBestWeights " + restoreBestWeights
                    + ", evaluator " + (evaluator == null ? "none" : "set") + ", monitor " + monitor);
        }
    }
}
