package dev.rnn4j.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.recurrent.CellType;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained LSTM/GRU forecaster with everything needed to use it on new rows of the same kind of CSV file: the
 * columns, the target transform (log, differencing, scaler fitted on the training part), the covariate scalers
 * and one-hot encoders, the calendar features, lookback, horizon, and one or more networks (an ensemble
 * averaged in the transformed space).
 *
 * <p>Inputs: the window of rows {@code [o - L, o)} before a forecast origin o, each row holding the transformed
 * target and the covariates (scaled numeric columns, one-hot categories, cyclic calendar features), so
 * {@code x: (B, L, F)}. Outputs: the transformed target of rows {@code [o, o + H)}, mapped back with
 * {@link TargetTransform#inverseForecast}. Differencing with lag d shortens the transformed series by d rows, so
 * the first usable origin is {@code d + L}.
 *
 * <p>Uncertainty: {@link #forecastBand} keeps dropout on at predict time and draws Monte Carlo samples
 * (Gal &amp; Ghahramani 2016); the band is between two sample quantiles. It reflects the network's uncertainty,
 * not the noise of the series.
 *
 * <p>Saved as a folder ({@link #save}): {@code weights.safetensors} with PyTorch parameter names
 * ({@code rnn.weight_ih_l0}, {@code head.weight}; {@code members.k.} prefixes for an ensemble) and
 * {@code config.json} with {@code "task": "forecast"} and every preprocessing parameter.
 */
public final class ForecastModel {
    /** The {@code task} written to config.json. */
    public static final String TASK = "forecast";
    /** The config.json format version. */
    public static final int FORMAT = 1;
    static final String WEIGHTS = "weights.safetensors";
    static final String CONFIG = "config.json";
    private static final int PREDICT_CHUNK = 1024;

    private final ForecastData data;
    private final ForecastOptions.Strategy strategy;
    private final CellType cell;
    private final int hidden;
    private final int layers;
    private final double dropout;
    private final int season;
    private final int lookback;
    private final int horizon;
    private final boolean anchored;                 // the network predicts the change from the last input value
    private final TargetTransform transform;
    private final List<Scaler> featureScalers;      // one per numeric covariate column
    private final List<OneHotEncoder> encoders;     // one per categorical column
    private final List<CalendarFeatures.Field> calendarFields;
    private final long stepMonths;                  // time step for future labels; 0 and 0: unknown
    private final long stepSeconds;
    private final List<String> featureNames;
    private final List<ForecastNetwork> members;
    private final ObjectNode trainingInfo;

    private ForecastModel(ForecastData data, ForecastOptions.Strategy strategy, CellType cell, int hidden, int layers,
                          double dropout, int season, int lookback, int horizon, boolean anchored,
                          TargetTransform transform,
                          List<Scaler> featureScalers, List<OneHotEncoder> encoders,
                          List<CalendarFeatures.Field> calendarFields, long stepMonths, long stepSeconds,
                          List<String> featureNames, List<ForecastNetwork> members, ObjectNode trainingInfo) {
        this.data = data;
        this.strategy = strategy;
        this.cell = cell;
        this.hidden = hidden;
        this.layers = layers;
        this.dropout = dropout;
        this.season = season;
        this.lookback = lookback;
        this.horizon = horizon;
        this.anchored = anchored;
        this.transform = transform;
        this.featureScalers = List.copyOf(featureScalers);
        this.encoders = List.copyOf(encoders);
        this.calendarFields = List.copyOf(calendarFields);
        this.stepMonths = stepMonths;
        this.stepSeconds = stepSeconds;
        this.featureNames = List.copyOf(featureNames);
        this.members = List.copyOf(members);
        this.trainingInfo = trainingInfo;
    }

    // ------------------------------------------------------------------ training

    /**
     * Fits the preprocessing on the training rows and trains the network(s).
     *
     * <p>Rows: the last {@code testSize} are never read for fitting (not by the scalers, not by early stopping);
     * the {@code validationSize} rows before them are the early-stopping set; the rest train.
     *
     * @param frame    the series, read with {@link ForecastData#read}
     * @param data     the columns (must match the frame)
     * @param options  network and training options
     * @param testSize rows at the end kept out of training, >= 0
     * @param run      where the {@link Trainer} writes checkpoints and logs, and how it reports
     * @throws dev.rnn4j.series.SeriesFormatException if the series is too short, constant, or cannot be logged
     * @throws IOException if a checkpoint cannot be written or resumed
     */
    public static ForecastModel train(SeriesFrame frame, ForecastData data, ForecastOptions options, int testSize,
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
        int ensemble = options.ensemble() != null ? options.ensemble() : (isShort ? 5 : 1);
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

        TargetTransform transform = TargetTransform.fit(Arrays.copyOf(y, trainEnd), origin.range(0, trainEnd), log,
                lag, ScalerKind.STANDARD);
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
                options.layers(), options.dropout(), season, lookback, h, anchored, transform, scalers, encoders,
                fields, stepMonths, stepSeconds, List.of(), List.of(), null);
        FeatureMatrix features = shell.features(frame, 0);
        double[] z = transform.transform(y, origin);
        SeriesOrigin zOrigin = origin.range(lag, rows);
        WindowSpec spec = new WindowSpec(lookback, outputs, 1);
        Windows train = SlidingWindows.create(features, z, spec, 0, trainEnd - lag, zOrigin);
        Windows valid = validation == 0 ? null
                : SlidingWindows.create(features, z, spec, trainEnd - lag, split.validationEnd() - lag, zOrigin);
        if (anchored) {
            train = relativeToLastInput(train);
            valid = valid == null ? null : relativeToLastInput(valid);
        }

        List<ForecastNetwork> nets = new ArrayList<>();
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("anchored", anchored).put("train_rows", trainEnd).put("validation_rows", validation)
                .put("test_rows", testSize)
                .put("train_windows", train.count()).put("validation_windows", valid == null ? 0 : valid.count())
                .put("seed", options.seed()).put("lr", options.learningRate()).put("batch_size", options.batchSize())
                .put("max_epochs", options.maxEpochs()).put("patience", options.patience());
        ArrayNode memberInfo = info.putArray("members");
        double budget = options.maxSeconds() / ensemble;
        for (int k = 0; k < ensemble; k++) {
            Rng rng = new Rng(options.seed() + k);
            ForecastNetwork net = new ForecastNetwork(options.cell(), features.features(), options.hidden(),
                    options.layers(), options.dropout(), outputs, rng);
            if (run.log() != null) {
                run.log().printf(Locale.ROOT, "network %d of %d: %d training and %d validation windows, seed %d%n",
                        k + 1, ensemble, train.count(), valid == null ? 0 : valid.count(), options.seed() + k);
            }
            memberInfo.add(fit(net, k, train, valid, options, budget, rng, run));
            nets.add(net);
        }
        return new ForecastModel(data, options.strategy(), options.cell(), options.hidden(), options.layers(),
                options.dropout(), season, lookback, h, anchored, transform, scalers, encoders, fields, stepMonths,
                stepSeconds, features.names(), nets, info);
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

    /**
     * Where the networks are trained and how progress is shown.
     *
     * @param dir    folder for the {@link Trainer}'s checkpoints, {@code metrics.jsonl} and final weights, one
     *               subfolder {@code net-k} per network; null for none (nothing written, no resume)
     * @param resume continue each network from its latest checkpoint in {@code dir}
     * @param log    where the per-epoch lines go, or null for none
     * @param quiet  no progress bar (the per-epoch lines remain)
     */
    public record TrainingRun(Path dir, boolean resume, PrintStream log, boolean quiet) {
        /** Validates that resuming has a folder to resume from. */
        public TrainingRun {
            if (resume && dir == null) {
                throw new IllegalArgumentException("resume: needs the output folder to resume from");
            }
        }

        /** Nothing written, nothing printed (tests, library use). */
        public static TrainingRun silent() {
            return new TrainingRun(null, false, null, true);
        }
    }

    private record Batch(Tensor x, Tensor y, int size) {
    }

    /**
     * One network trained by the {@link Trainer}: Adam, gradient-norm clipping at 1, shuffled mini-batches,
     * validation MSE each epoch with early stopping that restores the best epoch, and a wall-time budget.
     */
    private static ObjectNode fit(ForecastNetwork net, int member, Windows train, Windows valid, ForecastOptions o,
                                  double budgetSeconds, Rng rng, TrainingRun run) throws IOException {
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
                .epochs(o.maxEpochs()).seed(o.seed() + member).clipGradNorm(1.0).registerRng("dropout", rng)
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
            Path netDir = run.dir().resolve("net-" + member);
            builder.outputDir(netDir).resume(run.resume() && Files.exists(netDir.resolve(Checkpoints.LATEST)));
        }
        TrainResult result = builder.build().fit();
        net.eval();
        ObjectNode m = new ObjectMapper().createObjectNode();
        m.put("seed", o.seed() + member).put("epochs", result.epochsCompleted()).put("best_epoch", result.bestEpoch())
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
            for (int from = 0; from < w.count(); from += PREDICT_CHUNK) {
                int b = Math.min(PREDICT_CHUNK, w.count() - from);
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

    // ------------------------------------------------------------------ features

    /**
     * The network inputs of every row from the differencing lag on: {@code (T - lag + extra, F)}, column 0 the
     * transformed target (0 in the {@code extra} future rows), then numeric covariates, one-hot columns and
     * calendar features (the latter also for the future rows, from the time step).
     */
    private FeatureMatrix features(SeriesFrame frame, int extra) {
        int rows = frame.rowCount();
        int lag = transform.differencingLag();
        double[] y = frame.values(data.target());
        double[] z = transform.transform(y, frame.origin(data.target()));
        FeatureMatrix.Builder b = FeatureMatrix.builder(rows - lag + extra).add(data.target(), Arrays.copyOf(z,
                z.length + extra));
        if (extra > 0 && (!featureScalers.isEmpty() || !encoders.isEmpty())) {
            throw new IllegalStateException("future rows need future covariates, which are unknown");
        }
        for (int i = 0; i < featureScalers.size(); i++) {
            String column = data.features().get(i);
            b.add(column, Arrays.copyOfRange(featureScalers.get(i).transform(frame.values(column)), lag, rows));
        }
        for (OneHotEncoder encoder : encoders) {
            b.add(encoder.encode(frame.categories(encoder.column())).rows(lag, rows));
        }
        if (!calendarFields.isEmpty()) {
            if (!frame.hasTimes()) {
                throw new IllegalArgumentException(frame.source() + ": the model uses calendar features of column '"
                        + timeName() + "', but the file's times were not parsed as dates");
            }
            LocalDateTime[] times = frame.times();
            LocalDateTime[] all = Arrays.copyOf(times, rows + extra);
            LocalDateTime[] future = futureTimes(times[rows - 1], extra);
            System.arraycopy(future, 0, all, rows, extra);
            b.add(CalendarFeatures.compute(Arrays.copyOfRange(all, lag, rows + extra), CalendarFeatures.Encoding.CYCLIC,
                    calendarFields));
        }
        return b.build();
    }

    private String timeName() {
        return data.timeColumn() != null ? data.timeColumn() : String.valueOf(data.timeParts());
    }

    /** The {@code count} time stamps after {@code last}, one inferred step apart (empty if unknown). */
    LocalDateTime[] futureTimes(LocalDateTime last, int count) {
        if (count == 0) {
            return new LocalDateTime[0];
        }
        if (stepMonths == 0 && stepSeconds == 0) {
            throw new IllegalStateException("the model has no time step to extend the times with");
        }
        return new SeriesTimes.TimeStep(stepMonths, stepMonths > 0 ? null : Duration.ofSeconds(stepSeconds))
                .following(last, count);
    }

    /** The H time stamps after {@code last}, one inferred time step apart. */
    public LocalDateTime[] futureTimesAfter(LocalDateTime last) {
        if (last == null) {
            throw new IllegalArgumentException("last: expected a time, got null");
        }
        return futureTimes(last, horizon);
    }

    /** Whether the model knows its time step (it was trained on a file with parsed times). */
    public boolean hasTimeStep() {
        return stepMonths > 0 || stepSeconds > 0;
    }

    // ------------------------------------------------------------------ prediction

    /** The first origin this model can forecast from in a frame: differencing lag + lookback. */
    public int firstOrigin() {
        return transform.differencingLag() + lookback;
    }

    /**
     * Point forecasts (dropout off, ensemble mean) from several origins at once.
     *
     * @param frame   rows read with this model's columns ({@link #data()})
     * @param origins first forecast rows, each in {@code [firstOrigin(), T]} (T: forecast past the end)
     * @return {@code origins.length} forecasts of H values each, original scale
     */
    public double[][] forecast(SeriesFrame frame, int[] origins) {
        checkOrigins(frame, origins);
        boolean pastEnd = Arrays.stream(origins).anyMatch(o -> o + horizon > frame.rowCount());
        int extra = strategy == ForecastOptions.Strategy.RECURSIVE && pastEnd ? horizon : 0;
        FeatureMatrix features = features(frame, extra);
        double[] y = frame.values(data.target());
        double[][] out = new double[origins.length][];
        for (int from = 0; from < origins.length; from += PREDICT_CHUNK) {
            int b = Math.min(PREDICT_CHUNK, origins.length - from);
            int[] chunk = Arrays.copyOfRange(origins, from, from + b);
            float[][] z = new float[b][horizon];
            for (ForecastNetwork net : members) {
                net.eval();
                float[][] m = run(net, features, chunk, b);
                for (int i = 0; i < b; i++) {
                    for (int s = 0; s < horizon; s++) {
                        z[i][s] += m[i][s] / members.size();
                    }
                }
            }
            for (int i = 0; i < b; i++) {
                out[from + i] = transform.inverseForecast(toDouble(z[i]), Arrays.copyOf(y, chunk[i]));
            }
        }
        return out;
    }

    /** A forecast with a Monte Carlo dropout band. */
    public record Band(double[] mean, double[] lower, double[] upper, int samples, double coverage) {
    }

    /**
     * Forecast from one origin with an uncertainty band: {@code samples} forward passes with dropout on (spread
     * over the ensemble's networks), then per step the mean and the {@code (1 - coverage) / 2} and
     * {@code (1 + coverage) / 2} sample quantiles, all in the original scale.
     */
    public Band forecastBand(SeriesFrame frame, int origin, int samples, double coverage, long seed) {
        if (samples < 2 || samples > 100_000) {
            throw new IllegalArgumentException("samples: expected 2..100000, got " + samples);
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage: expected in (0, 1), got " + coverage);
        }
        if (dropout == 0) {
            throw new IllegalArgumentException("samples: the model was trained without dropout, so Monte Carlo"
                    + " dropout gives no band; retrain with --dropout > 0");
        }
        checkOrigins(frame, new int[] {origin});
        int extra = strategy == ForecastOptions.Strategy.RECURSIVE && origin + horizon > frame.rowCount() ? horizon : 0;
        FeatureMatrix features = features(frame, extra);
        double[] history = Arrays.copyOf(frame.values(data.target()), origin);
        double[][] paths = new double[samples][];
        int done = 0;
        Rng seeds = new Rng(seed);
        for (int k = 0; k < members.size() && done < samples; k++) {
            int count = samples / members.size() + (k < samples % members.size() ? 1 : 0);
            if (count == 0) {
                continue;
            }
            ForecastNetwork net = withDropoutRng(members.get(k), seeds.split());
            net.train(true); // Monte Carlo dropout: masks differ per batch row, so each row is one sample
            int[] same = new int[count];
            Arrays.fill(same, origin);
            float[][] z = run(net, features, same, count);
            for (int i = 0; i < count; i++) {
                paths[done++] = transform.inverseForecast(toDouble(z[i]), history);
            }
        }
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] column = new double[samples];
        for (int s = 0; s < horizon; s++) {
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                column[i] = paths[i][s];
                sum += column[i];
            }
            Arrays.sort(column);
            mean[s] = sum / samples;
            lower[s] = quantile(column, (1 - coverage) / 2);
            upper[s] = quantile(column, (1 + coverage) / 2);
        }
        return new Band(mean, lower, upper, samples, coverage);
    }

    // a copy of a member whose dropout masks come from rng (the trained member keeps its own state untouched)
    private ForecastNetwork withDropoutRng(ForecastNetwork member, Rng rng) {
        ForecastNetwork copy = new ForecastNetwork(cell, member.features(), hidden, layers, dropout, member.outputs(),
                rng);
        copy.loadStateDict(member.stateDict(), true);
        return copy;
    }

    /** Linear interpolation between order statistics of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    // transformed forecasts (b, H) of one network for origins given in original row indices
    private float[][] run(ForecastNetwork net, FeatureMatrix features, int[] origins, int b) {
        int lag = transform.differencingLag();
        int f = features.features();
        float[] x = new float[b * lookback * f];
        float[] values = features.values();
        for (int i = 0; i < b; i++) {
            int start = origins[i] - lag - lookback; // row of the window's first step in the feature matrix
            System.arraycopy(values, start * f, x, i * lookback * f, lookback * f);
        }
        float[][] out = new float[b][horizon];
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            if (strategy == ForecastOptions.Strategy.DIRECT) {
                float[] y = net.forward(Tensor.of(x, b, lookback, f)).toFloatArray();
                for (int i = 0; i < b; i++) {
                    float last = anchored ? x[i * lookback * f + (lookback - 1) * f] : 0f;
                    for (int s = 0; s < horizon; s++) {
                        out[i][s] = y[i * horizon + s] + last;
                    }
                }
                return out;
            }
            // recursive: shift each window left by one row and append the forecast with the next row's calendar
            for (int s = 0; s < horizon; s++) {
                float[] y = net.forward(Tensor.of(x, b, lookback, f)).toFloatArray();
                for (int i = 0; i < b; i++) {
                    int base = i * lookback * f;
                    out[i][s] = y[i] + (anchored ? x[base + (lookback - 1) * f] : 0f);
                    System.arraycopy(x, base + f, x, base, (lookback - 1) * f);
                    int next = origins[i] - lag + s; // feature row of the forecast step
                    System.arraycopy(values, next * f, x, base + (lookback - 1) * f, f);
                    x[base + (lookback - 1) * f] = out[i][s];
                }
            }
        }
        return out;
    }

    private void checkOrigins(SeriesFrame frame, int[] origins) {
        if (frame == null || origins == null || origins.length == 0) {
            throw new IllegalArgumentException("frame, origins: expected a frame and at least one origin");
        }
        int rows = frame.rowCount();
        for (int o : origins) {
            if (o < firstOrigin() || o > rows) {
                throw frame.origin(data.target()).error("cannot forecast from row " + o + ": the model needs "
                        + firstOrigin() + " rows before the origin (lookback " + lookback
                        + (transform.differencingLag() > 0 ? " + differencing lag " + transform.differencingLag() : "")
                        + ") and the file has " + rows + " rows");
            }
            if (strategy == ForecastOptions.Strategy.DIRECT || o + horizon <= rows) {
                continue;
            }
            if (!calendarFields.isEmpty() && !hasTimeStep()) {
                throw new IllegalArgumentException("recursive forecast past the end needs the time step");
            }
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    // ------------------------------------------------------------------ accessors

    /** The columns the model reads. */
    public ForecastData data() {
        return data;
    }

    /** H. */
    public int horizon() {
        return horizon;
    }

    /** L. */
    public int lookback() {
        return lookback;
    }

    /** The seasonal period m used for the seasonal-naive baseline and MASE. */
    public int season() {
        return season;
    }

    /** The fitted target transform (log, differencing, scaler). */
    public TargetTransform transform() {
        return transform;
    }

    /** The input feature names, in column order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Networks averaged. */
    public int ensembleSize() {
        return members.size();
    }

    /** The strategy. */
    public ForecastOptions.Strategy strategy() {
        return strategy;
    }

    /** The number of test rows kept out when the model was trained (from config.json). */
    public int testSize() {
        return trainingInfo == null ? 0 : trainingInfo.path("test_rows").asInt(0);
    }

    /** A one-line description. */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s hidden %d x %d layer(s), %d network(s), lookback %d, horizon %d,"
                        + " season %d, target transform: %s, features %s",
                cell, strategy.name().toLowerCase(Locale.ROOT), hidden, layers, members.size(), lookback, horizon,
                season, transformText(), featureNames);
    }

    private String transformText() {
        String t = anchored ? "change from the last value, " : "";
        t += transform.log() ? "log, " : "";
        t += transform.differencingLag() > 0 ? "differencing lag " + transform.differencingLag() + ", " : "";
        return t + "standard scaling";
    }

    /** Training facts (rows, windows, epochs per network, stop reasons) as JSON. */
    public ObjectNode trainingInfo() {
        return trainingInfo == null ? new ObjectMapper().createObjectNode() : trainingInfo.deepCopy();
    }

    // ------------------------------------------------------------------ save and load

    /**
     * Writes {@code weights.safetensors} then {@code config.json} into {@code dir} (created if needed), each
     * through a temporary file and an atomic move, so a reader sees either the old or the new file.
     */
    public void save(Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("dir: expected a folder, got null");
        }
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int k = 0; k < members.size(); k++) {
            String prefix = members.size() == 1 ? "" : "members." + k + ".";
            members.get(k).stateDict().forEach((name, t) -> tensors.put(prefix + name, t));
        }
        SafeTensors.write(dir.resolve(WEIGHTS), tensors, Map.of("task", TASK, "format", Integer.toString(FORMAT)));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] bytes = json.writeValueAsBytes(toJson(json));
        Path tmp = Files.createTempFile(dir, ".config-", ".json.tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ObjectNode toJson(ObjectMapper json) {
        ObjectNode c = json.createObjectNode();
        c.put("task", TASK).put("format", FORMAT);
        ObjectNode d = c.putObject("data");
        d.put("target", data.target()).put("time_column", data.timeColumn());
        putList(d, "time_parts", data.timeParts());
        putList(d, "features", data.features());
        putList(d, "categorical", data.categorical());
        d.put("missing", data.missing().name());
        ObjectNode m = c.putObject("model");
        m.put("cell", cell.name()).put("hidden", hidden).put("layers", layers).put("dropout", dropout)
                .put("strategy", strategy.name()).put("ensemble", members.size()).put("lookback", lookback)
                .put("horizon", horizon).put("season", season).put("anchored", anchored)
                .put("outputs", members.get(0).outputs());
        putList(m, "feature_names", featureNames);
        ObjectNode t = c.putObject("target_transform");
        t.put("log", transform.log()).put("log_offset", transform.logOffset())
                .put("differencing_lag", transform.differencingLag());
        putScaler(t.putObject("scaler"), transform.scaler());
        ArrayNode fs = c.putArray("feature_scalers");
        for (Scaler s : featureScalers) {
            putScaler(fs.addObject(), s);
        }
        ObjectNode enc = c.putObject("one_hot");
        for (OneHotEncoder e : encoders) {
            putList(enc, e.column(), e.categories());
        }
        ObjectNode cal = c.putObject("calendar");
        cal.put("encoding", "CYCLIC");
        putList(cal, "fields", calendarFields.stream().map(Enum::name).toList());
        cal.put("step_months", stepMonths).put("step_seconds", stepSeconds);
        c.set("training", trainingInfo());
        return c;
    }

    private static void putList(ObjectNode node, String key, List<String> values) {
        if (values == null) {
            node.putNull(key);
            return;
        }
        ArrayNode a = node.putArray(key);
        values.forEach(a::add);
    }

    private static void putScaler(ObjectNode node, Scaler s) {
        node.put("kind", s.kind().name());
        if (s instanceof Scaler.Standard st) {
            node.put("mean", st.mean()).put("std", st.std());
        } else if (s instanceof Scaler.MinMax mm) {
            node.put("min", mm.min()).put("max", mm.max());
        }
    }

    /**
     * Reads a folder written by {@link #save}.
     *
     * @throws IOException for unreadable files, and with a clear message when the folder is not a forecast
     *                     model (missing files, another task, another format, inconsistent weights)
     */
    public static ForecastModel load(Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("model folder: expected a path, got null");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir + ": model folder not found");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new ModelFolderException(dir + ": not a model folder (no " + CONFIG + ")");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ModelFolderException(configFile + ": not valid JSON: " + e.getOriginalMessage());
        }
        String task = c == null ? null : c.path("task").asText(null);
        if (!TASK.equals(task)) {
            throw new ModelFolderException(configFile + ": this folder holds a model for task '" + task
                    + "', not a forecaster (task 'forecast'); train one with 'rnn4j forecast train'");
        }
        if (c.path("format").asInt(-1) != FORMAT) {
            throw new ModelFolderException(configFile + ": format " + c.path("format") + " is not supported (expected "
                    + FORMAT + ")");
        }
        try {
            return fromJson(dir, c);
        } catch (RuntimeException e) {
            throw new ModelFolderException(configFile + ": inconsistent model: " + e.getMessage());
        }
    }

    private static ForecastModel fromJson(Path dir, JsonNode c) throws IOException {
        JsonNode d = c.path("data");
        ForecastData data = new ForecastData(text(d, "target"), d.path("time_column").asText(null),
                list(d.path("time_parts")), list(d.path("features")), list(d.path("categorical")),
                dev.rnn4j.series.MissingValuePolicy.valueOf(text(d, "missing")));
        JsonNode m = c.path("model");
        CellType cell = CellType.valueOf(text(m, "cell"));
        int hidden = m.path("hidden").asInt();
        int layers = m.path("layers").asInt();
        double dropout = m.path("dropout").asDouble();
        ForecastOptions.Strategy strategy = ForecastOptions.Strategy.valueOf(text(m, "strategy"));
        int ensemble = m.path("ensemble").asInt();
        int outputs = m.path("outputs").asInt();
        List<String> featureNames = list(m.path("feature_names"));
        JsonNode t = c.path("target_transform");
        TargetTransform transform = new TargetTransform(t.path("log").asBoolean(), t.path("log_offset").asDouble(),
                t.path("differencing_lag").asInt(), scaler(t.path("scaler")));
        List<Scaler> scalers = new ArrayList<>();
        for (JsonNode s : c.path("feature_scalers")) {
            scalers.add(scaler(s));
        }
        List<OneHotEncoder> encoders = new ArrayList<>();
        for (String column : data.categorical()) {
            encoders.add(new OneHotEncoder(column, list(c.path("one_hot").path(column))));
        }
        JsonNode cal = c.path("calendar");
        List<CalendarFeatures.Field> fields = new ArrayList<>();
        for (String f : list(cal.path("fields"))) {
            fields.add(CalendarFeatures.Field.valueOf(f));
        }
        if (scalers.size() != data.features().size() || featureNames == null || featureNames.isEmpty()
                || ensemble < 1) {
            throw new IllegalArgumentException("feature scalers, feature names or ensemble size do not match the"
                    + " columns");
        }
        SafeTensorsFile weights = SafeTensors.read(dir.resolve(WEIGHTS));
        List<ForecastNetwork> nets = new ArrayList<>();
        for (int k = 0; k < ensemble; k++) {
            ForecastNetwork net = new ForecastNetwork(cell, featureNames.size(), hidden, layers, dropout, outputs,
                    new Rng(k));
            String prefix = ensemble == 1 ? "" : "members." + k + ".";
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (String name : net.stateDict().keySet()) {
                if (!weights.has(prefix + name)) {
                    throw new IllegalArgumentException(WEIGHTS + " lacks tensor '" + prefix + name + "'");
                }
                state.put(name, weights.tensor(prefix + name));
            }
            net.loadStateDict(state, true);
            net.eval();
            nets.add(net);
        }
        ObjectNode info = c.path("training").isObject() ? (ObjectNode) c.path("training").deepCopy() : null;
        return new ForecastModel(data, strategy, cell, hidden, layers, dropout, m.path("season").asInt(),
                m.path("lookback").asInt(), m.path("horizon").asInt(), m.path("anchored").asBoolean(), transform,
                scalers, encoders, fields, cal.path("step_months").asLong(), cal.path("step_seconds").asLong(), featureNames, nets, info);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected text at '" + key + "', got " + v);
        }
        return v.asText();
    }

    private static List<String> list(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Scaler scaler(JsonNode s) {
        return switch (ScalerKind.valueOf(text(s, "kind"))) {
            case NONE -> new Scaler.Identity();
            case STANDARD -> new Scaler.Standard(s.path("mean").asDouble(), s.path("std").asDouble());
            case MIN_MAX -> new Scaler.MinMax(s.path("min").asDouble(), s.path("max").asDouble());
        };
    }

    /** A folder that is not a (readable) forecast model. */
    public static final class ModelFolderException extends IOException {
        private static final long serialVersionUID = 1L;

        ModelFolderException(String message) {
            super(message);
        }
    }
}
