package dev.rnn4j.forecast.global;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.BatchSource;
import dev.rnn4j.train.Callback;
import dev.rnn4j.train.Checkpoints;
import dev.rnn4j.train.DataParallel;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.StepFunction;
import dev.rnn4j.train.StepResult;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trains a {@link GlobalForecastModel} ({@link GlobalForecastModel#train}) on the training parts of many series.
 *
 * <p>Validation: the last H values of every training part are the early-stopping targets (one window per series,
 * origin {@code n - H}); training windows end before them, so their origins o satisfy {@code o + H <= n - H}.
 * Nothing after a training part is ever read: the caller passes training parts only.
 *
 * <p>Windows: each epoch draws {@code batchesPerEpoch × batchSize} windows, each from a series picked uniformly
 * and an origin picked uniformly in {@code [max(1, min(L, n - 2H)), n - 2H]} (so a series shorter than L + 2H
 * gives windows padded at the start). The draws depend only on the epoch's generator, so a resumed run sees the
 * same windows. Loss: mean absolute error of the scaled values, the same on the validation windows; for a
 * probabilistic forecaster the mean pinball loss over the H × Q outputs ({@link Losses#pinball}), the same on the
 * validation windows.
 */
final class GlobalForecastTrainer {

    private static final PrintStream NULL_STREAM = new PrintStream(OutputStream.nullOutputStream());

    private GlobalForecastTrainer() {
    }

    /**
     * The training origins of a training part of n values: {@code {lo, hi}} with hi = n − 2H and
     * lo = max(1, min(L, hi)), or null when the part is shorter than 2H + 1 and gives no training window.
     */
    static int[] trainingOrigins(int n, int horizon, int lookback) {
        int hi = n - 2 * horizon;
        if (hi < 1) {
            return null;
        }
        return new int[] {Math.max(1, Math.min(lookback, hi)), hi};
    }

    /** The validation origin of a training part of n values, n − H, or -1 when n &lt; H + 1. */
    static int validationOrigin(int n, int horizon) {
        return n - horizon >= 1 ? n - horizon : -1;
    }

    /**
     * Trains in one process ({@code parallel} null) or as one worker of a data-parallel run: every worker draws
     * the same windows of every global batch and computes the rows {@link DataParallel#shardRows} of it, with
     * the loss of its rows scaled by n / B so that the workers' losses and gradients add up to the
     * single-process ones; dropout draws from a generator reset every step from (seed, rank, step); rank 0
     * writes the run folder. Every worker computes the full validation loss (their weights are identical, so
     * their early-stopping decisions are too). The time budget does not apply to a data-parallel run: the
     * workers' clocks could stop them at different epochs.
     */
    static GlobalForecastModel train(List<GlobalSeries> training, List<String> covariateNames,
                                     GlobalForecastOptions o, TrainingRun run, DataParallel parallel)
            throws IOException {
        return train(training, covariateNames, o, run, parallel, 0);
    }

    /**
     * The refit of a trained model: a fresh network (the same seed) trained for the given number of epochs with
     * no validation, on windows whose targets reach the end of every training part (origins up to n − H: the
     * last H values, held out for early stopping before, become training targets too). The epoch count is the
     * best epoch of the early-stopped run, so nothing is chosen on the data it now trains on. One process.
     *
     * @param epochs the epochs to train, &gt;= 1
     */
    static GlobalForecastModel refit(List<GlobalSeries> training, List<String> covariateNames,
                                     GlobalForecastOptions o, TrainingRun run, int epochs) throws IOException {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: expected >= 1 for a refit, got " + epochs);
        }
        return train(training, covariateNames, o, run, null, epochs);
    }

    /** The training origins of a refit: {@code {lo, hi}} with hi = n − H, or null when n &lt; H + 1. */
    static int[] refitOrigins(int n, int horizon, int lookback) {
        int hi = n - horizon;
        if (hi < 1) {
            return null;
        }
        return new int[] {Math.max(1, Math.min(lookback, hi)), hi};
    }

    // refitEpochs 0: early stopping on the last H of every part; > 0: that many epochs on every window, no validation
    private static GlobalForecastModel train(List<GlobalSeries> training, List<String> covariateNames,
                                             GlobalForecastOptions o, TrainingRun run, DataParallel parallel,
                                             int refitEpochs) throws IOException {
        boolean refit = refitEpochs > 0;
        if (training == null || training.isEmpty() || covariateNames == null || o == null || run == null) {
            throw new IllegalArgumentException("training, covariateNames, options, run: expected at least one series"
                    + " and non-null arguments");
        }
        int h = o.horizon();
        int l = o.lookback();
        List<GlobalSeries> trainable = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        List<GlobalSeries> validating = new ArrayList<>();
        for (GlobalSeries s : training) {
            int[] range = refit ? refitOrigins(s.length(), h, l) : trainingOrigins(s.length(), h, l);
            if (range != null) {
                trainable.add(s);
                ranges.add(range);
            }
            if (!refit && validationOrigin(s.length(), h) > 0) {
                validating.add(s);
            }
        }
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("series: none is long enough to train on: a training part needs at "
                    + "least 2H + 1 = " + (2 * h + 1) + " values (H for validation, H for a training target, one "
                    + "input), the longest has " + training.stream().mapToInt(GlobalSeries::length).max().orElse(0));
        }
        WindowFeatures features = WindowFeatures.fit(training, covariateNames, o);
        int f = features.featureCount();

        // validation: the last H values of every training part
        int nv = validating.size();
        float[] validInputs = new float[nv * l * f];
        float[] validTargets = new float[nv * h];
        for (int i = 0; i < nv; i++) {
            GlobalSeries s = validating.get(i);
            int origin = validationOrigin(s.length(), h);
            double scale = features.input(s, origin, validInputs, i * l * f);
            features.target(s, origin, scale, validTargets, i * h);
        }

        double[] levels = o.quantileLevels();
        int q = levels.length;
        Rng rng = new Rng(o.seed());
        ForecastNetwork net = new ForecastNetwork(o.cell(), f, o.hidden(), o.layers(), o.dropout(), h * Math.max(1, q),
                rng);
        if (run.log() != null) {
            run.log().printf(Locale.ROOT, "%d series: %d give training windows, %d validation windows; %d features, "
                            + "lookback %d, horizon %d, %s scaling%s%n", training.size(), trainable.size(), nv, f, l, h,
                    o.normalisation().cliName(), features.log() ? ", log" : "");
        }
        int[] rows = parallel == null ? null : parallel.shardRows(o.batchSize());
        BatchSource<Batch> source = new SampledWindows(trainable, ranges, features, o.batchesPerEpoch(),
                o.batchSize(), rows);
        long start = System.nanoTime();
        String[] budgetStop = {null};
        // the trainer, for the global step a data-parallel worker seeds its dropout generator with
        AtomicReference<Trainer<?, ?>> running = new AtomicReference<>();
        StepFunction<ForecastNetwork, Batch> step = (ForecastNetwork m, Batch b) -> {
            if (parallel == null) {
                return StepResult.of(loss(m.forward(b.x()), b.y(), levels), b.size());
            }
            rng.setState(parallel.generatorState(o.seed(), running.get().globalStep()));
            if (b.size() == 0) { // fewer rows in the batch than workers: a zero loss, zero gradients
                return StepResult.of(m.parameters().get(0).sum().mul(0.0), b.globalSize());
            }
            // the mean over this worker's rows times n / B: the workers' losses add up to the batch's mean
            Tensor shardLoss = loss(m.forward(b.x()), b.y(), levels).mul((double) b.size() / b.globalSize());
            return StepResult.of(shardLoss, b.globalSize());
        };
        Trainer.Builder<ForecastNetwork, Batch> builder = Trainer.builder(net, new Adam(net.parameters(),
                        o.learningRate()), source, step)
                .epochs(refit ? refitEpochs : o.maxEpochs()).seed(o.seed()).clipGradNorm(1.0)
                .registerRng("dropout", rng)
                .quiet(run.quiet()).output(run.log() != null ? run.log() : NULL_STREAM).logEvery(0)
                .callback(new Callback() {
                    @Override
                    public void onEpochEnd(Trainer<?, ?> trainer, EpochInfo epoch) {
                        if (parallel == null && (System.nanoTime() - start) / 1e9 > o.maxSeconds()) {
                            budgetStop[0] = String.format(Locale.ROOT, "time budget of %.0f s", o.maxSeconds());
                            trainer.requestStop(budgetStop[0]);
                        }
                    }
                });
        if (run.quiet()) {
            builder.progressBar(false);
        }
        if (nv > 0) {
            builder.evaluator(m -> Map.of("loss", validationLoss(m, validInputs, validTargets, nv, l, f, h,
                            levels)))
                    .earlyStopping("val_loss", Mode.MIN, o.patience()).restoreBestWeights(true);
        }
        if (run.dir() != null) {
            builder.outputDir(run.dir()).resume(run.resume() && Files.exists(run.dir().resolve(Checkpoints.LATEST)));
        }
        if (parallel != null) {
            builder.gradientHook(parallel.reducer()).writesOutput(parallel.writesOutput() || run.dir() == null);
        }
        Trainer<ForecastNetwork, Batch> trainer = builder.build();
        running.set(trainer);
        TrainResult result = trainer.fit();
        net.eval();
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("series", training.size()).put("training_series", trainable.size()).put("validation_windows", nv)
                .put("windows_per_epoch", (long) o.batchesPerEpoch() * o.batchSize()).put("seed", o.seed())
                .put("lr", o.learningRate()).put("batch_size", o.batchSize()).put("max_epochs", o.maxEpochs())
                .put("patience", o.patience()).put("refit", refit)
                .put("loss", q == 0 ? "l1 of scaled values" : "pinball at " + o.quantiles() + " of scaled values")
                .put("epochs", result.epochsCompleted()).put("best_epoch", result.bestEpoch())
                .put("best_validation_loss", result.bestValue() == null ? Double.NaN : result.bestValue())
                .put("stopped_by", budgetStop[0] != null ? budgetStop[0] : result.stopReason())
                .put("seconds", (System.nanoTime() - start) / 1e9);
        return new GlobalForecastModel(features, o.period(), o.cell(), o.hidden(), o.layers(), o.dropout(), levels,
                net, null, info);
    }

    /** A batch: x (n, L, F), y (n, H), of the n rows this process computes of a global batch of B rows. */
    private record Batch(Tensor x, Tensor y, int size, int globalSize) {
    }

    /**
     * The windows of an epoch, drawn from the epoch's generator when the epoch starts; of each global batch, the
     * rows {@code rows} (a data-parallel worker's shard) or all of them ({@code rows} null).
     */
    private static final class SampledWindows implements BatchSource<Batch> {
        private final List<GlobalSeries> series;
        private final List<int[]> ranges;
        private final WindowFeatures features;
        private final int batches;
        private final int batchSize;
        private final int[] rows;

        SampledWindows(List<GlobalSeries> series, List<int[]> ranges, WindowFeatures features, int batches,
                       int batchSize, int[] rows) {
            this.series = series;
            this.ranges = ranges;
            this.features = features;
            this.batches = batches;
            this.batchSize = batchSize;
            this.rows = rows;
        }

        @Override
        public int batchesPerEpoch() {
            return batches;
        }

        @Override
        public Iterator<Batch> batches(int epoch, Rng rng) {
            int[] picks = new int[batches * batchSize];   // series index of each window
            int[] origins = new int[batches * batchSize];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = rng.nextInt(series.size());
                int[] range = ranges.get(picks[i]);
                origins[i] = range[0] + rng.nextInt(range[1] - range[0] + 1);
            }
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < batches;
                }

                @Override
                public Batch next() {
                    if (next >= batches) {
                        throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
                    }
                    int l = features.lookback();
                    int f = features.featureCount();
                    int h = features.horizon();
                    int n = rows == null ? batchSize : rows.length;
                    float[] x = new float[n * l * f];   // (n, L, F)
                    float[] y = new float[n * h];       // (n, H)
                    for (int b = 0; b < n; b++) {
                        int i = next * batchSize + (rows == null ? b : rows[b]);
                        GlobalSeries s = series.get(picks[i]);
                        double scale = features.input(s, origins[i], x, b * l * f);
                        features.target(s, origins[i], scale, y, b * h);
                    }
                    next++;
                    return n == 0 ? new Batch(null, null, 0, batchSize)
                            : new Batch(Tensor.of(x, n, l, f), Tensor.of(y, n, h), n, batchSize);
                }
            };
        }
    }

    // out: (B, H) or (B, H · Q); y: (B, H)
    private static Tensor loss(Tensor out, Tensor y, double[] levels) {
        if (levels.length == 0) {
            return Losses.l1(out, y);
        }
        return Losses.pinball(out.reshape(y.size(0), y.size(1), levels.length), y, levels, Reduction.MEAN);
    }

    private static double validationLoss(ForecastNetwork net, float[] inputs, float[] targets, int count, int l,
                                         int f, int h, double[] levels) {
        int q = Math.max(1, levels.length);
        net.eval();
        double sum = 0;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int from = 0; from < count; from += GlobalForecastModel.PREDICT_CHUNK) {
                int b = Math.min(GlobalForecastModel.PREDICT_CHUNK, count - from);
                Tensor x = Tensor.of(Arrays.copyOfRange(inputs, from * l * f, (from + b) * l * f), b, l, f);
                float[] out = net.forward(x).toFloatArray();   // (b, H · Q)
                for (int i = 0; i < out.length; i++) {
                    double d = targets[from * h + i / q] - out[i];
                    if (levels.length == 0) {
                        sum += Math.abs(d);
                    } else {
                        double level = levels[i % q];
                        sum += Math.max(level * d, (level - 1) * d);
                    }
                }
            }
        }
        return sum / ((double) count * h * q);
    }
}
