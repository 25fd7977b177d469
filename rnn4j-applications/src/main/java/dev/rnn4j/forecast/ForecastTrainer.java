package dev.rnn4j.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.series.AnnualFourier;
import dev.rnn4j.series.CalendarFeatures;
import dev.rnn4j.series.ChronologicalSplit;
import dev.rnn4j.series.FeatureMatrix;
import dev.rnn4j.series.OneHotEncoder;
import dev.rnn4j.series.Scaler;
import dev.rnn4j.series.ScalerKind;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SeriesOrigin;
import dev.rnn4j.series.SeriesTimes;
import dev.rnn4j.series.SlidingWindows;
import dev.rnn4j.series.TargetTransform;
import dev.rnn4j.series.WindowSpec;
import dev.rnn4j.series.Windows;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.BatchSource;
import dev.rnn4j.train.Callback;
import dev.rnn4j.train.Checkpoints;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.StepResult;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link ForecastModel} ({@link ForecastModel#train}): fits the target transform, covariate scalers,
 * one-hot encoders and calendar features on the training rows, cuts the sliding windows, and trains each
 * ensemble member with the {@link Trainer}.
 */
final class ForecastTrainer {

    private ForecastTrainer() {
    }

    static ForecastModel train(SeriesFrame frame, ForecastData data, ForecastOptions options, int testSize,
                               TrainingRun run) throws IOException {
        if (frame == null || data == null || options == null || run == null) {
            throw new IllegalArgumentException("frame, data, options, run: expected non-null arguments");
        }
        if (testSize < 0) {
            throw new IllegalArgumentException("test-size: expected >= 0, got " + testSize);
        }
        int rows = frame.rowCount();
        double[] y = frame.values(data.target());
        SeriesOrigin origin = frame.origin(data.target());
        int h = options.horizon();
        if (testSize >= rows) {
            throw origin.error("test size " + testSize + " leaves no training rows (the file has " + rows + " rows)");
        }
        int season = options.season() != null ? options.season() : ForecastDefaults.season(frame);
        int lookback = options.lookback() != null ? options.lookback() : ForecastDefaults.lookback(season);
        int available = rows - testSize;
        int validation = options.validationSize() != null ? options.validationSize()
                : Math.max(h, (int) Math.round(0.1 * available));
        boolean isShort = ForecastDefaults.isShort(available - validation, season);
        double[] fitPart = Arrays.copyOf(y, Math.max(1, available - validation));
        boolean positive = Arrays.stream(fitPart).allMatch(v -> v > 0);
        boolean log = options.log() != null ? options.log() : isShort && positive;
        int lag = options.diff() != null ? (options.diff() ? (season > 1 ? season : 1) : 0) : (isShort ? season : 0);
        int ensemble = options.ensemble() != null ? options.ensemble()
                : ForecastDefaults.ensemble(available - validation, season);
        boolean recursive = options.strategy() == ForecastOptions.Strategy.RECURSIVE;
        if (recursive && (!data.features().isEmpty() || !data.categorical().isEmpty())) {
            throw new IllegalArgumentException("strategy recursive: feeds its own forecasts back, so it can use the"
                    + " target and calendar features only, not future values of --features " + data.features()
                    + " / --categorical " + data.categorical() + "; use --strategy direct");
        }
        int need = lag + lookback + h + validation;
        if (available < need || available - validation - lag < lookback + (recursive ? 1 : h)) {
            throw origin.error("fewer rows than needed: " + rows + " rows, of which " + testSize + " test and "
                    + validation + " validation; training needs at least lookback + horizon = " + lookback + " + "
                    + h + (lag > 0 ? " plus the differencing lag " + lag : "") + " rows before them, so at least "
                    + (need + testSize) + " rows in all");
        }
        ChronologicalSplit split = ChronologicalSplit.ofSizes(rows, validation, testSize);
        int trainEnd = split.trainEnd();

        int pairs = options.fourier() != null ? options.fourier()
                : ForecastDefaults.annualFourier(season, trainEnd, log, lag)
                ? AnnualFourier.choosePairs(Arrays.copyOf(y, trainEnd), Arrays.copyOf(frame.times(), trainEnd),
                        ForecastDefaults.MAX_FOURIER_PAIRS)
                : 0;
        AnnualFourier fourier = null;
        double[] modelled = y;
        if (pairs > 0) {
            if (log || lag > 0) {
                throw new IllegalArgumentException("fourier: the annual Fourier regression applies to the level of the"
                        + " target, so it cannot be combined with " + (log ? "--log" : "--diff") + "; use --no-fourier"
                        + " or drop " + (log ? "--log" : "--diff"));
            }
            if (!frame.hasTimes()) {
                throw origin.error("fourier: the annual Fourier regression needs the rows' dates, but the file's times"
                        + " were not parsed as dates (give --time or --time-parts)");
            }
            fourier = AnnualFourier.fit(Arrays.copyOf(y, trainEnd), Arrays.copyOf(frame.times(), trainEnd), pairs);
            double[] cycle = fourier.values(frame.times());
            modelled = new double[rows];
            for (int i = 0; i < rows; i++) {
                modelled[i] = y[i] - cycle[i];
            }
        }
        TargetTransform transform = TargetTransform.fit(Arrays.copyOf(modelled, trainEnd), origin.range(0, trainEnd),
                log, lag, ScalerKind.STANDARD);
        List<Scaler> scalers = new ArrayList<>();
        for (String column : data.features()) {
            scalers.add(ScalerKind.STANDARD.fit(Arrays.copyOf(frame.values(column), trainEnd),
                    frame.origin(column).range(0, trainEnd)));
        }
        List<OneHotEncoder> encoders = new ArrayList<>();
        for (String column : data.categorical()) {
            encoders.add(OneHotEncoder.fit(column, Arrays.copyOf(frame.categories(column), trainEnd)));
        }
        long stepMonths = 0;
        long stepSeconds = 0;
        List<CalendarFeatures.Field> fields = List.of();
        if (frame.hasTimes() && rows >= 2) {
            SeriesTimes.TimeStep step = SeriesTimes.inferStep(frame.times());
            stepMonths = step.months();
            stepSeconds = step.months() > 0 ? 0 : step.duration().getSeconds();
            if (options.calendar()) {
                fields = CalendarFeatures.fieldsFor(step);
            }
        }
        int outputs = recursive ? 1 : h;
        boolean anchored = options.anchor() != null ? options.anchor() : lag == 0;
        ForecastModel shell = new ForecastModel(data, options.strategy(), options.cell(), options.hidden(),
                options.layers(), options.dropout(), season, lookback, h, anchored, fourier, transform, scalers,
                encoders, fields, stepMonths, stepSeconds, List.of(), List.of(), null);
        FeatureMatrix features = shell.features(frame, 0);
        Windows train = windows(shell, frame, 0, trainEnd);
        Windows valid = validation == 0 ? null : windows(shell, frame, trainEnd, split.validationEnd());

        List<ForecastNetwork> nets = new ArrayList<>();
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("anchored", anchored).put("train_rows", trainEnd).put("validation_rows", validation)
                .put("test_rows", testSize)
                .put("train_windows", train.count()).put("validation_windows", valid == null ? 0 : valid.count())
                .put("seed", options.seed()).put("lr", options.learningRate()).put("batch_size", options.batchSize())
                .put("max_epochs", options.maxEpochs()).put("patience", options.patience());
        if (fourier != null) {
            info.put("fourier_pairs", pairs);
        }
        ArrayNode memberInfo = info.putArray("members");
        double budget = options.maxSeconds() / ensemble;
        for (int k = 0; k < ensemble; k++) {
            Rng rng = new Rng(memberSeed(options.seed(), k));
            ForecastNetwork net = new ForecastNetwork(options.cell(), features.features(), options.hidden(),
                    options.layers(), options.dropout(), outputs, rng);
            if (run.log() != null) {
                run.log().printf(Locale.ROOT, "network %d of %d: %d training and %d validation windows, seed %d%n",
                        k + 1, ensemble, train.count(), valid == null ? 0 : valid.count(), memberSeed(options.seed(), k));
            }
            memberInfo.add(fit(net, k, train, valid, options, options.maxEpochs(), budget, rng, run, "net-"));
            nets.add(net);
        }
        return new ForecastModel(data, options.strategy(), options.cell(), options.hidden(), options.layers(),
                options.dropout(), season, lookback, h, anchored, fourier, transform, scalers, encoders, fields,
                stepMonths, stepSeconds, features.names(), nets, info);
    }

    /**
     * The seed of ensemble member k: the run's seed for the first network (so an ensemble of one is the single
     * network of that seed), {@code seed * 1000 + k} for the others, so that runs with neighbouring seeds share no
     * member (with {@code seed + k}, seeds 1 and 2 would share all but one network).
     */
    static long memberSeed(long seed, int k) {
        return k == 0 ? seed : seed * 1000 + k;
    }

    /**
     * The model's training windows whose targets lie in rows {@code [targetFrom, targetTo)} of {@code frame} (the
     * first rows a differencing lag consumes have no target), cut with its fitted transform and features, anchored
     * targets relative to the window's last input value.
     */
    static Windows windows(ForecastModel model, SeriesFrame frame, int targetFrom, int targetTo) {
        int lag = model.transform().differencingLag();
        SeriesOrigin origin = frame.origin(model.data().target());
        double[] z = model.transform().transform(model.modelledTarget(frame), origin);
        int outputs = model.strategy() == ForecastOptions.Strategy.RECURSIVE ? 1 : model.horizon();
        Windows w = SlidingWindows.create(model.features(frame, 0), z, new WindowSpec(model.lookback(), outputs, 1),
                Math.max(0, targetFrom - lag), targetTo - lag, origin.range(lag, frame.rowCount()));
        return model.anchored() ? relativeToLastInput(w) : w;
    }

    /** The windows with each target minus the window's last input target value (feature 0 of step L - 1). */
    private static Windows relativeToLastInput(Windows w) {
        float[] targets = w.targets().clone();
        int width = w.lookback() * w.featureCount();
        for (int n = 0; n < w.count(); n++) {
            float last = w.inputs()[n * width + (w.lookback() - 1) * w.featureCount()];
            for (int h = 0; h < w.horizon(); h++) {
                targets[n * w.horizon() + h] -= last;
            }
        }
        return new Windows(w.inputs(), targets, w.count(), w.lookback(), w.featureCount(), w.horizon(),
                w.targetStarts());
    }

    private record Batch(Tensor x, Tensor y, int size) {
    }

    /**
     * One network trained by the {@link Trainer}: Adam, gradient-norm clipping at 1, shuffled mini-batches, up to
     * {@code epochs} epochs, with validation windows the validation MSE each epoch with early stopping that restores
     * the best epoch (without them every epoch runs), and a wall-time budget. Checkpoints go to
     * {@code run.dir()/<dirPrefix><member>}.
     */
    static ObjectNode fit(ForecastNetwork net, int member, Windows train, Windows valid, ForecastOptions o, int epochs,
                          double budgetSeconds, Rng rng, TrainingRun run, String dirPrefix) throws IOException {
        int width = train.lookback() * train.featureCount();
        BatchSource<Batch> source = BatchSource.ofIndices(train.count(), o.batchSize(), true, false, idx -> new Batch(
                Tensor.of(gather(train.inputs(), idx, 0, idx.length, width), idx.length, train.lookback(),
                        train.featureCount()),
                Tensor.of(gather(train.targets(), idx, 0, idx.length, train.horizon()), idx.length, train.horizon()),
                idx.length));
        long start = System.nanoTime();
        String[] budgetStop = {null};
        Trainer.Builder<ForecastNetwork, Batch> builder = Trainer.builder(net, new Adam(net.parameters(),
                        o.learningRate()), source,
                        (ForecastNetwork m, Batch b) -> StepResult.of(Losses.mse(m.forward(b.x()), b.y()), b.size()))
                .epochs(epochs).seed(memberSeed(o.seed(), member)).clipGradNorm(1.0).registerRng("dropout", rng)
                .quiet(run.quiet()).output(run.log() != null ? run.log() : NULL_STREAM).logEvery(0)
                .callback(new Callback() {
                    @Override
                    public void onEpochEnd(Trainer<?, ?> trainer, EpochInfo epoch) {
                        if ((System.nanoTime() - start) / 1e9 > budgetSeconds) {
                            budgetStop[0] = String.format(Locale.ROOT, "time budget of %.0f s", budgetSeconds);
                            trainer.requestStop(budgetStop[0]);
                        }
                    }
                });
        if (run.quiet()) {
            builder.progressBar(false);
        }
        if (valid != null) {
            builder.evaluator(m -> Map.of("loss", loss(m, valid))).earlyStopping("val_loss", Mode.MIN, o.patience())
                    .restoreBestWeights(true);
        }
        if (run.dir() != null) {
            // a resumed run starts afresh the networks the interrupted run had not checkpointed yet
            Path netDir = run.dir().resolve(dirPrefix + member);
            builder.outputDir(netDir).resume(run.resume() && Files.exists(netDir.resolve(Checkpoints.LATEST)));
        }
        TrainResult result = builder.build().fit();
        net.eval();
        ObjectNode m = new ObjectMapper().createObjectNode();
        m.put("seed", memberSeed(o.seed(), member)).put("epochs", result.epochsCompleted()).put("best_epoch", result.bestEpoch())
                .put("best_validation_loss", result.bestValue() == null ? Double.NaN : result.bestValue())
                .put("stopped_by", budgetStop[0] != null ? budgetStop[0] : result.stopReason())
                .put("seconds", (System.nanoTime() - start) / 1e9);
        return m;
    }

    private static final PrintStream NULL_STREAM = new PrintStream(java.io.OutputStream.nullOutputStream());

    // rows order[from .. from + count) of a row-major (N, width) array
    private static float[] gather(float[] source, int[] order, int from, int count, int width) {
        float[] out = new float[count * width];
        for (int i = 0; i < count; i++) {
            System.arraycopy(source, order[from + i] * width, out, i * width, width);
        }
        return out;
    }

    private static double loss(ForecastNetwork net, Windows w) {
        net.eval();
        double sum = 0;
        int width = w.lookback() * w.featureCount();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int from = 0; from < w.count(); from += ForecastModel.PREDICT_CHUNK) {
                int b = Math.min(ForecastModel.PREDICT_CHUNK, w.count() - from);
                Tensor x = Tensor.of(Arrays.copyOfRange(w.inputs(), from * width, (from + b) * width), b,
                        w.lookback(), w.featureCount());
                float[] out = net.forward(x).toFloatArray();
                for (int i = 0; i < out.length; i++) {
                    double d = out[i] - w.targets()[from * w.horizon() + i];
                    sum += d * d;
                }
            }
        }
        return sum / ((double) w.count() * w.horizon());
    }
}
