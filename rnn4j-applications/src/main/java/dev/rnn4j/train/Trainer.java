package dev.rnn4j.train;

import dev.rnn4j.nn.Module;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.optim.schedule.LinearWarmup;
import dev.rnn4j.optim.schedule.LrSchedule;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training loop every application uses: epochs over a {@link BatchSource}, a user
 * {@link StepFunction} for the forward pass, backward, clipping, the optimiser step under a
 * learning-rate schedule ({@link dev.rnn4j.optim.schedule}) with an optional linear warm-up,
 * validation each epoch, early stopping, checkpoints, resume, a JSON Lines metric log, a progress
 * bar and {@link Callback}s.
 *
 * <p><b>Learning rate</b>: the schedule's current rate (the optimiser's rate at {@link #fit()} when
 * there is none), times the warm-up ramp {@link LinearWarmup#ramp} during the first
 * {@link Builder#warmup(long)} steps, is set on the optimiser before every step. A schedule given
 * to {@link Builder#schedule(LrSchedule)} is stepped once per epoch (after validation, as PyTorch
 * code calls {@code scheduler.step()} at an epoch's end); one given to
 * {@link Builder#schedulePerStep(LrSchedule)} after every step (skipped ones included, so its count
 * is the global step).
 *
 * <p><b>One step</b>: set the learning rate; clear gradients; {@code step(model, batch)};
 * if the loss is finite, backward; the {@link GradientHook} if there is one (a data-parallel
 * all-reduce; the loss it returns is the step's loss); check the loss and every gradient are
 * finite; clip by value, then by norm
 * (if configured); optimiser step; a per-step schedule's {@code step()}. A non-finite loss or
 * gradient stops training with a {@link NonFiniteLossException} or skips the step, per
 * {@link NonFinitePolicy}.
 *
 * <p><b>One epoch</b> ends with: the epoch metrics ({@code loss} and each step metric as means
 * weighted by sequences, {@code skipped_steps} if any, {@code lr}); validation (model in eval mode,
 * no grad; names prefixed {@code val_}); a per-epoch schedule's {@code step()} (or
 * {@code step(metric)}); early-stopping bookkeeping on the monitored metric; the log line;
 * callbacks; a checkpoint (and {@code best} if improved).
 *
 * <p><b>Epoch averaging</b> ({@link Builder#averageNeighbourEpochs}): after every epoch the
 * parameters of the best epoch so far and its neighbours are kept ({@link EpochSnapshots}, saved
 * in every checkpoint); at the end, after the best epoch's weights are restored, the means of the
 * best epoch with the next and the previous epoch are validated and one is kept only if its
 * monitored metric is strictly better ({@link TrainResult#averaging()} says what was kept).
 *
 * <p><b>Output folder</b> ({@code DIR}): {@code checkpoints/} and the {@code latest}/{@code best}
 * pointers (see {@link Checkpoints}), {@code metrics.jsonl}, and at the end {@code model.safetensors}
 * (PyTorch names) with {@code model.json} (the model config and a training summary).
 *
 * <p><b>Determinism</b>: with the same seed, data, thread count and code, two runs produce
 * bit-identical weights, and a run resumed from any checkpoint matches an uninterrupted one bit for
 * bit: epoch {@code e}'s batches come from a generator seeded by (seed, e) only, every registered
 * {@link Rng} (for example the one driving dropout) is saved and restored, and nothing depends on
 * hash-map iteration order.
 *
 * <p><b>Parts</b>: this class is the loop. {@code TrainerSettings} holds what the {@link Builder}
 * collects, {@code TrainerSchedule} computes the learning rate and steps the schedule,
 * {@code NonFiniteSteps} finds a non-finite loss or gradient, and {@code TrainerCheckpointing}
 * prepares the output folder, resumes, writes checkpoints and the final model files.
 *
 * <p>A trainer runs once; not thread-safe.
 *
 * @param <M> the model type
 * @param <B> the batch type
 */
public final class Trainer<M extends Module, B> {

    /** Final weights in the output folder. */
    public static final String MODEL_FILE = "model.safetensors";
    /** Final model config and training summary in the output folder. */
    public static final String MODEL_JSON = "model.json";
    /** The metric log in the output folder. */
    public static final String METRICS_FILE = MetricsLog.FILE;

    private final M model;
    private final Optimizer optimizer;
    private final BatchSource<B> source;
    private final StepFunction<M, B> stepFunction;
    private final Evaluator<M> evaluator;
    private final int epochs;
    private final long seed;
    private final String monitor;
    private final Mode mode;
    private final int patience;
    private final double minDelta;
    private final TrainerSchedule schedule;
    private final double clipNorm;
    private final double clipValue;
    private final Path outDir;
    private final long checkpointEvery;
    private final boolean resume;
    private final NonFinitePolicy nonFinite;
    /** Called after backward, before the checks, clipping and step; or null. */
    private final GradientHook gradientHook;
    private final boolean progressBar;
    private final PrintStream out;
    private final int logEvery;
    private final List<Callback> callbacks;
    private final boolean restoreBestWeights;
    /** The kept epochs' parameters when averaging neighbouring epochs, else null. */
    private final EpochSnapshots snapshots;
    private final TrainerCheckpointing checkpointing;

    private boolean used;
    private TrainerState state;
    private MetricsLog log;
    private Progress progress;
    private String stopRequest;
    private Map<String, Tensor> bestSnapshot;
    private final NonFiniteSteps nonFiniteSteps;

    private Trainer(Builder<M, B> b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.source = b.source;
        this.stepFunction = b.stepFunction;
        this.evaluator = b.evaluator;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.monitor = b.monitor;
        this.mode = b.mode;
        this.patience = b.patience;
        this.minDelta = b.minDelta;
        this.schedule = new TrainerSchedule(b.schedule, b.scheduleEveryStep, b.scheduleMetric, b.warmupSteps);
        this.clipNorm = b.clipNorm;
        this.clipValue = b.clipValue;
        this.outDir = b.outDir;
        this.checkpointEvery = b.checkpointEvery;
        this.resume = b.resume;
        this.nonFinite = b.nonFinite;
        this.gradientHook = b.gradientHook;
        this.progressBar = b.progressBar == null ? !b.quiet && Progress.isTerminal() : b.progressBar;
        this.out = b.out;
        this.logEvery = b.logEvery;
        this.callbacks = List.copyOf(b.callbacks);
        this.restoreBestWeights = b.restoreBestWeights;
        this.snapshots = b.averageNeighbourEpochs ? new EpochSnapshots() : null;
        this.checkpointing = new TrainerCheckpointing(model, optimizer, schedule, outDir, b.writesOutput, b.keepCheckpoints, b.rngs,
                b.modelConfig, snapshots, out);
        this.nonFiniteSteps = new NonFiniteSteps(model);
    }

    /**
     * Starts a builder.
     *
     * @param model     the model to train (its parameters should be the optimiser's)
     * @param optimizer the optimiser; its learning rate at {@link Builder#build()} is the base rate
     * @param train     the training batches
     * @param step      the forward pass: model and batch to loss
     */
    public static <M extends Module, B> Builder<M, B> builder(M model, Optimizer optimizer, BatchSource<B> train,
                                                              StepFunction<M, B> step) {
        return new Builder<>(model, optimizer, train, step);
    }

    // ------------------------------------------------------------------ accessors for callbacks

    public M model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The output folder, or null. */
    public Path outputDir() {
        return outDir;
    }

    /** Global steps taken so far. */
    public long globalStep() {
        return state == null ? 0 : state.globalStep;
    }

    /** Epochs completed so far. */
    public int epochsCompleted() {
        return state == null ? 0 : state.epochsCompleted;
    }

    /**
     * Asks training to end after the current step: a checkpoint is written (mid-epoch if need be),
     * the final model files are written, and {@link #fit()} returns. A later resume continues from
     * there (unlike early stopping, which marks the run finished).
     */
    public void requestStop(String reason) {
        this.stopRequest = reason == null || reason.isBlank() ? "stop requested" : reason;
    }

    // ------------------------------------------------------------------ the loop

    /**
     * Trains (or, if built with {@code resume(true)}, continues from {@code DIR/latest}) until the
     * configured number of epochs, early stopping or {@link #requestStop(String)}.
     *
     * @throws CheckpointException       if resuming fails (no checkpoint, corrupted, different model,
     *                                   missing optimiser state) or a checkpoint cannot be written
     * @throws NonFiniteLossException    under {@link NonFinitePolicy#STOP}, on a NaN or infinite loss
     * @throws IllegalArgumentException  if a fresh run's output folder already holds a run, or a
     *                                   monitored metric is not reported
     * @throws IllegalStateException     if the batch source breaks its contract or {@code fit()} is
     *                                   called twice
     * @throws IOException               if the output folder cannot be written (a full disk, a read-only
     *                                   folder): the message names the file and the last complete
     *                                   checkpoint, which a run with {@code resume(true)} continues from
     */
    public TrainResult fit() throws IOException {
        if (used) {
            throw new IllegalStateException("this Trainer has already run; build a new one to train again");
        }
        used = true;
        try (Progress p = new Progress(progressBar, out)) {
            progress = p;
            start();
            model.train(true);
            try {
                while (!state.finished && stopRequest == null && state.epochsCompleted < epochs) {
                    runEpoch(state.epochsCompleted);
                }
                return finish();
            } catch (IOException e) {
                // past start(), an I/O failure is a write to the output folder: say what a resume starts from
                throw checkpointing.stoppedBy(e);
            }
        } finally {
            if (log != null) {
                log.close();
            }
        }
    }

    private void start() throws IOException {
        state = new TrainerState();
        state.seed = seed;
        state.baseLr = schedule.baseLr(optimizer);
        state.scheduleDescription = schedule.describe();
        schedule.checkFresh(resume);
        if (outDir == null) {
            return;
        }
        if (resume) {
            state = checkpointing.resume(seed);
            if (checkpointing.writes()) {
                log = MetricsLog.resume(outDir.resolve(METRICS_FILE), state.globalStep);
            }
            checkpointing.tidyAfterResume(state);
        } else {
            checkpointing.startFresh();
            if (checkpointing.writes()) {
                log = MetricsLog.create(outDir.resolve(METRICS_FILE));
            }
        }
    }

    /** The generator handed to the batch source for {@code epoch}: a function of (seed, epoch) only. */
    static Rng epochRng(long seed, int epoch) {
        long base = new Rng(seed).nextLong();
        return new Rng(new Rng(base + 0xD1B54A32D192ED03L * (epoch + 1L)).nextLong());
    }

    private void runEpoch(int epoch) throws IOException {
        int total = source.batchesPerEpoch();
        if (total <= 0) {
            throw new IllegalStateException("the batch source has " + total + " batches per epoch; expected at least 1");
        }
        Iterator<B> batches = Objects.requireNonNull(source.batches(epoch, epochRng(state.seed, epoch)),
                "the batch source returned no iterator");
        for (int k = 0; k < state.batchesDone; k++) {
            if (!batches.hasNext()) {
                throw new IllegalStateException("the batch source declared " + total + " batches per epoch but epoch "
                        + (epoch + 1) + " yielded only " + k + " while skipping to the resume point");
            }
            batches.next();
        }
        progress.startEpoch(epoch + 1, epochs, total, state.batchesDone);
        long started = System.nanoTime();
        long sequencesThisRun = 0;
        while (state.batchesDone < total) {
            if (!batches.hasNext()) {
                throw new IllegalStateException("the batch source declared " + total + " batches per epoch but epoch "
                        + (epoch + 1) + " yielded only " + state.batchesDone);
            }
            sequencesThisRun += trainStep(epoch, batches.next(), total);
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.step(state.batchesDone, state.sequences == 0 ? Double.NaN : state.lossSum / state.sequences,
                    sequencesThisRun / seconds);
            if (stopRequest != null && state.batchesDone < total) {
                Path lastCheckpoint = checkpointing.lastCheckpoint();
                if (lastCheckpoint == null || !lastCheckpoint.getFileName().toString()
                        .equals(Checkpoints.folderName(state.globalStep))) {
                    checkpoint(false);
                }
                progress.endEpoch("stopping at epoch " + (epoch + 1) + ", step " + state.globalStep + ": " + stopRequest);
                return;
            }
        }
        if (batches.hasNext()) {
            throw new IllegalStateException("the batch source declared " + total + " batches per epoch but epoch "
                    + (epoch + 1) + " yields more");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        endEpoch(epoch, sequencesThisRun / seconds);
    }

    /** One optimiser step; returns the batch's sequence count. */
    private int trainStep(int epoch, B batch, int total) throws IOException {
        long stepIndex = state.globalStep;
        double lr = schedule.rateAt(stepIndex, state.baseLr);
        optimizer.setLearningRate(lr);
        model.zeroGrad();
        optimizer.zeroGrad();
        StepResult result = stepFunction.step(model, batch);
        if (result == null) {
            throw new IllegalStateException("the step function returned null at epoch " + (epoch + 1) + ", step "
                    + (stepIndex + 1));
        }
        double loss = result.loss().item();
        String problem;
        if (gradientHook == null) {
            problem = nonFiniteSteps.backward(result.loss(), loss);
        } else {
            if (Double.isFinite(loss)) {
                result.loss().backward();
            }
            // every worker calls the hook, whatever its own loss, and all judge the reduced step alike
            loss = gradientHook.afterBackward(optimizer.parameters(), loss, stepIndex);
            problem = nonFiniteSteps.check(loss);
        }
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        int sequences = result.sequences();
        boolean skipped = problem != null;
        if (skipped) {
            model.zeroGrad();
            optimizer.zeroGrad();
            String where = "epoch " + (epoch + 1) + ", step " + (stepIndex + 1) + " (batch " + (state.batchesDone + 1)
                    + " of " + total + ")";
            if (nonFinite == NonFinitePolicy.STOP) {
                if (log != null) {
                    log.write("stopped", epoch + 1, stepIndex + 1, Map.of(),
                            Map.of("reason", problem + " (non-finite)"));
                }
                throw NonFiniteSteps.stop(where, problem, stepIndex + 1, checkpointing.lastCheckpoint());
            }
            state.skipped++;
            progress.warn("warning: " + where + ": " + problem + "; step skipped (nonFinite = SKIP)");
        } else {
            if (!Double.isNaN(clipValue)) {
                GradClip.clipGradValue(optimizer.parameters(), clipValue);
            }
            if (!Double.isNaN(clipNorm)) {
                metrics.put("grad_norm", GradClip.clipGradNorm(optimizer.parameters(), clipNorm));
            }
            optimizer.step();
            model.zeroGrad();
            state.lossSum += loss * sequences;
            state.sequences += sequences;
            for (Map.Entry<String, Double> e : metrics.entrySet()) {
                state.metricSums.merge(e.getKey(), e.getValue() * sequences, Double::sum);
            }
        }
        state.globalStep++;
        state.batchesDone++;
        schedule.afterStep();
        if (log != null && logEvery > 0 && state.globalStep % logEvery == 0) {
            Map<String, Double> entry = new LinkedHashMap<>();
            entry.put("loss", loss);
            entry.put("lr", lr);
            entry.putAll(metrics);
            log.write("step", epoch + 1, state.globalStep, entry, skipped ? Map.of("skipped", 1L) : Map.of());
        }
        Callback.StepInfo info = new Callback.StepInfo(epoch + 1, state.batchesDone, state.globalStep, loss, lr,
                sequences, Collections.unmodifiableMap(metrics), skipped);
        for (Callback c : callbacks) {
            c.onStep(this, info);
        }
        if (checkpointEvery > 0 && state.globalStep % checkpointEvery == 0 && state.batchesDone < total) {
            // the epoch's last step is covered by the epoch-end checkpoint
            checkpoint(false);
        }
        return sequences;
    }

    /** Writes a checkpoint (if there is an output folder) and tells the callbacks. */
    private void checkpoint(boolean improved) throws IOException {
        Path dir = checkpointing.write(state, improved);
        if (dir == null) {
            return;
        }
        for (Callback c : callbacks) {
            c.onCheckpoint(this, dir, state.globalStep);
        }
    }

    private void endEpoch(int epoch, double sequencesPerSecond) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", state.sequences > 0 ? state.lossSum / state.sequences : Double.NaN);
        for (Map.Entry<String, Double> e : state.metricSums.entrySet()) {
            metrics.put(e.getKey(), e.getValue() / state.sequences);
        }
        if (state.skipped > 0) {
            metrics.put("skipped_steps", (double) state.skipped);
        }
        metrics.put("lr", optimizer.learningRate());
        if (evaluator != null) {
            Map<String, Double> validation = validate();
            if (validation == null) {
                throw new IllegalStateException("the evaluator returned null at epoch " + (epoch + 1));
            }
            metrics.putAll(validation);
        }
        schedule.afterEpoch(metrics);
        boolean improved = false;
        if (monitor != null) {
            Double value = metrics.get(monitor);
            if (value == null) {
                throw new IllegalArgumentException("the monitored metric '" + monitor + "' is not among the epoch's "
                        + "metrics " + metrics.keySet());
            }
            if (mode.improves(value, state.best, minDelta)) {
                state.best = value;
                state.bestEpoch = epoch + 1;
                state.bestStep = state.globalStep;
                state.badEpochs = 0;
                improved = true;
                if (restoreBestWeights && !checkpointing.writes()) {
                    bestSnapshot = new LinkedHashMap<>();
                    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
                        bestSnapshot.put(e.getKey(), e.getValue().copy());
                    }
                }
            } else {
                state.badEpochs++;
            }
            if (patience > 0 && state.badEpochs >= patience) {
                state.finished = true;
                state.stopReason = "early stopping: " + monitor + " did not improve for " + patience + " epoch"
                        + (patience == 1 ? "" : "s") + " (best " + Progress.number(state.best) + " at epoch "
                        + state.bestEpoch + ")";
            }
        }
        if (snapshots != null) {
            snapshots.record(epoch + 1, state.bestEpoch, model.stateDict());
        }
        state.epochsCompleted = epoch + 1;
        state.batchesDone = 0;
        state.resetEpochSums();
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("epoch", (double) (epoch + 1));
        row.putAll(metrics);
        state.history.add(row);
        if (log != null) {
            log.write("epoch", epoch + 1, state.globalStep, metrics, Map.of("seq_per_s", sequencesPerSecond));
        }
        progress.endEpoch(epochLine(epoch + 1, metrics, sequencesPerSecond));
        Callback.EpochInfo info = new Callback.EpochInfo(epoch + 1, state.globalStep,
                Collections.unmodifiableMap(metrics), improved, sequencesPerSecond);
        for (Callback c : callbacks) {
            c.onEpochEnd(this, info);
        }
        checkpoint(improved);
        if (state.finished) {
            out.println(state.stopReason);
        }
    }

    /**
     * The evaluator's metrics of the model as it is, in eval mode without gradients, named with the
     * {@code val_} prefix; null when the evaluator returns null.
     */
    private Map<String, Double> validate() {
        Map<String, Double> validation;
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            validation = evaluator.evaluate(model);
        } finally {
            model.train(true);
        }
        if (validation == null) {
            return null;
        }
        Map<String, Double> named = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : validation.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalStateException("the evaluator returned a null name or value: " + validation);
            }
            named.put(e.getKey().startsWith("val_") ? e.getKey() : "val_" + e.getKey(), e.getValue());
        }
        return named;
    }

    private static String epochLine(int epoch, Map<String, Double> metrics, double sequencesPerSecond) {
        StringBuilder line = new StringBuilder("epoch ").append(epoch).append(':');
        String sep = " ";
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getKey().equals("lr")) {
                continue;
            }
            line.append(sep).append(e.getKey()).append(' ').append(Progress.number(e.getValue()));
            sep = ", ";
        }
        return line.append(" (").append(Progress.rate(sequencesPerSecond)).append(" seq/s)").toString();
    }

    private TrainResult finish() throws IOException {
        Path best = checkpointing.bestPath(state);
        boolean restoredBest = false;
        if (restoreBestWeights && state.best != null) {
            if (bestSnapshot != null) {
                model.loadStateDict(bestSnapshot, true);
                restoredBest = true;
            } else if (best != null) {
                Checkpoints.loadWeights(best, model);
                restoredBest = true;
            }
        }
        EpochSnapshots.Averaging averaging = null;
        if (restoredBest && snapshots != null && snapshots.get(state.bestEpoch) != null) {
            averaging = snapshots.average(model, state.bestEpoch, mode, m -> validate().get(monitor));
        }
        String reason = state.finished ? state.stopReason
                : stopRequest != null ? stopRequest
                : "completed " + state.epochsCompleted + " epoch" + (state.epochsCompleted == 1 ? "" : "s");
        checkpointing.writeModelFiles(state, reason, restoredBest, averaging, monitor, mode);
        List<Map<String, Double>> history = new ArrayList<>();
        for (Map<String, Double> row : state.history) {
            history.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
        }
        return new TrainResult(state.epochsCompleted, state.globalStep, state.finished, reason, monitor, state.best,
                state.bestEpoch, best, checkpointing.lastCheckpoint(), Collections.unmodifiableList(history), averaging);
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configures a {@link Trainer}; every setter validates its argument and returns this builder.
     * The setters live in the package's settings class, which the trainer reads once when built.
     */
    public static final class Builder<M extends Module, B> extends TrainerSettings<M, B, Builder<M, B>> {

        private Builder(M model, Optimizer optimizer, BatchSource<B> source, StepFunction<M, B> stepFunction) {
            super(model, optimizer, source, stepFunction);
        }

        @Override
        Builder<M, B> self() {
            return this;
        }

        /**
         * @throws IllegalArgumentException if the settings contradict each other (resume or step
         *                                  checkpoints without an output folder, restoring the best
         *                                  weights without a monitor)
         */
        public Trainer<M, B> build() {
            checkConsistent();
            return new Trainer<>(this);
        }
    }
}
