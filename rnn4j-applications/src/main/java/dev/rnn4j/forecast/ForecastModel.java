package dev.rnn4j.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.AnnualFourier;
import dev.rnn4j.series.CalendarFeatures;
import dev.rnn4j.series.FeatureMatrix;
import dev.rnn4j.series.OneHotEncoder;
import dev.rnn4j.series.Scaler;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.TargetTransform;
import dev.rnn4j.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
 * the first usable origin is {@code d + L}. The preprocessing both ways is {@code ForecastPreprocessing}; running
 * the networks on the windows (direct or recursive, anchored or not, the ensemble mean) is {@code ForecastRollout}.
 *
 * <p>Uncertainty: {@link #forecastBand} keeps dropout on at predict time and draws Monte Carlo samples
 * ({@link MonteCarloDropout}; Gal &amp; Ghahramani 2016); the band is between two sample quantiles. It reflects
 * the network's uncertainty, not the noise of the series.
 *
 * <p>Saved as a folder ({@link #save}, {@link ForecastModelFolder}): {@code weights.safetensors} with PyTorch
 * parameter names ({@code rnn.weight_ih_l0}, {@code head.weight}; {@code members.k.} prefixes for an ensemble) and
 * {@code config.json} with {@code "task": "forecast"} and every preprocessing parameter.
 *
 * <p>Immutable once built, and safe to use from several threads at once: a forecast reads the networks'
 * parameters and the fitted preprocessing and writes only to arrays of its own call. The networks stay in
 * evaluation mode; {@link #forecastBand} runs dropout on a private copy of each network with its own random
 * numbers, so concurrent bands neither disturb each other nor the point forecasts.
 */
public final class ForecastModel {
    /** The {@code task} written to config.json. */
    public static final String TASK = "forecast";
    /** The config.json format version. */
    public static final int FORMAT = 1;
    /** Windows per forward pass when forecasting or scoring many origins. */
    static final int PREDICT_CHUNK = 1024;

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
    private final AnnualFourier fourier;            // regressed out of the target before the transform; null: none
    private final TargetTransform transform;
    private final List<String> featureNames;
    private final List<ForecastNetwork> members;
    private final ObjectNode trainingInfo;
    private final ForecastPreprocessing preprocessing; // the covariate scalers, encoders, calendar and time step
    private final ForecastRollout rollout;

    ForecastModel(ForecastData data, ForecastOptions.Strategy strategy, CellType cell, int hidden, int layers,
                  double dropout, int season, int lookback, int horizon, boolean anchored,
                  AnnualFourier fourier, TargetTransform transform,
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
        this.fourier = fourier;
        this.transform = transform;
        this.featureNames = List.copyOf(featureNames);
        this.members = List.copyOf(members);
        this.trainingInfo = trainingInfo;
        this.preprocessing = new ForecastPreprocessing(data, fourier, transform, featureScalers, encoders,
                calendarFields, stepMonths, stepSeconds);
        this.rollout = new ForecastRollout(strategy, lookback, horizon, transform.differencingLag(),
                this.featureNames.size(), anchored);
        // evaluation mode from here on: forecasts only read the networks, so they can run in parallel
        for (ForecastNetwork member : this.members) {
            member.eval();
        }
    }

    // ------------------------------------------------------------------ training

    /**
     * Fits the preprocessing on the training rows and trains the network(s) ({@link ForecastTrainer}); the
     * lookback and transform the options leave open are chosen on validation rows ({@code ForecastSelection}).
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
        return ForecastSelection.train(frame, data, options, testSize, run);
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

    // ------------------------------------------------------------------ features

    /** The network inputs of every row from the differencing lag on ({@link ForecastPreprocessing#features}). */
    FeatureMatrix features(SeriesFrame frame, int extra) {
        return preprocessing.features(frame, extra);
    }

    /** The H time stamps after {@code last}, one inferred time step apart. */
    public LocalDateTime[] futureTimesAfter(LocalDateTime last) {
        if (last == null) {
            throw new IllegalArgumentException("last: expected a time, got null");
        }
        return preprocessing.futureTimes(last, horizon);
    }

    /** Whether the model knows its time step (it was trained on a file with parsed times). */
    public boolean hasTimeStep() {
        return preprocessing.hasTimeStep();
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
        double[] y = modelledTarget(frame);
        double[][] out = new double[origins.length][];
        for (int from = 0; from < origins.length; from += PREDICT_CHUNK) {
            int b = Math.min(PREDICT_CHUNK, origins.length - from);
            int[] chunk = Arrays.copyOfRange(origins, from, from + b);
            float[][] rows = new float[b][];
            Arrays.fill(rows, features.values());
            float[][] z = rollout.ensembleMean(members, rows, chunk, b);
            for (int i = 0; i < b; i++) {
                out[from + i] = toOriginal(toDouble(z[i]), frame, Arrays.copyOf(y, chunk[i]));
            }
        }
        return out;
    }

    /**
     * Point forecasts of the H rows after the end of each frame, the histories batched together: for each
     * frame the same values as {@code forecast(frame, new int[] {frame.rowCount()})[0]}, up to the rounding of
     * kernels that sum in another order for another batch size.
     *
     * @param frames histories read with (or built for) this model's columns, each at least
     *               {@link #firstOrigin()} rows; they may differ in length and time
     * @return {@code frames.size()} forecasts of H values each, original scale
     */
    public double[][] forecastAfter(List<SeriesFrame> frames) {
        if (frames == null || frames.isEmpty()) {
            throw new IllegalArgumentException("frames: expected at least one history, got "
                    + (frames == null ? "null" : "none"));
        }
        double[][] out = new double[frames.size()][];
        for (int from = 0; from < frames.size(); from += PREDICT_CHUNK) {
            int b = Math.min(PREDICT_CHUNK, frames.size() - from);
            int[] origins = new int[b];
            float[][] rows = new float[b][];
            for (int i = 0; i < b; i++) {
                SeriesFrame frame = frames.get(from + i);
                origins[i] = frame == null ? -1 : frame.rowCount();
                checkOrigins(frame, new int[] {origins[i]});
                rows[i] = features(frame, strategy == ForecastOptions.Strategy.RECURSIVE ? horizon : 0).values();
            }
            float[][] z = rollout.ensembleMean(members, rows, origins, b);
            for (int i = 0; i < b; i++) {
                SeriesFrame frame = frames.get(from + i);
                out[from + i] = toOriginal(toDouble(z[i]), frame, modelledTarget(frame));
            }
        }
        return out;
    }

    /** The target the transform and the networks see ({@link ForecastPreprocessing#modelledTarget}). */
    double[] modelledTarget(SeriesFrame frame) {
        return preprocessing.modelledTarget(frame);
    }

    /** A transformed forecast back in the original scale ({@link ForecastPreprocessing#toOriginal}). */
    double[] toOriginal(double[] z, SeriesFrame frame, double[] history) {
        return preprocessing.toOriginal(z, frame, history);
    }

    /**
     * The network input of the forecast after the end of {@code frame}: the last {@link #lookback()} rows of the
     * feature matrix, (lookback, F) row-major, in the transformed scale the networks read (column 0 the target,
     * then the columns of {@link #featureNames()}).
     *
     * @throws IllegalArgumentException if the frame has fewer than {@link #firstOrigin()} rows
     */
    public float[] inputWindow(SeriesFrame frame) {
        if (frame == null) {
            throw new IllegalArgumentException("frame: expected a history, got null");
        }
        checkOrigins(frame, new int[] {frame.rowCount()});
        int f = featureNames.size();
        int start = frame.rowCount() - transform.differencingLag() - lookback;
        return Arrays.copyOfRange(features(frame, 0).values(), start * f, (start + lookback) * f);
    }

    /**
     * The ensemble's networks in evaluation mode. Every forecast reads them concurrently: callers must not
     * train, switch or backpropagate into them (copy one to differentiate it).
     */
    public List<ForecastNetwork> networks() {
        return members;
    }

    /** A forecast with a Monte Carlo dropout band. */
    public record Band(double[] mean, double[] lower, double[] upper, int samples, double coverage) {
    }

    /**
     * Forecast from one origin with an uncertainty band ({@link MonteCarloDropout}): {@code samples} forward
     * passes with dropout on (spread over the ensemble's networks), then per step the mean and the
     * {@code (1 - coverage) / 2} and {@code (1 + coverage) / 2} sample quantiles, all in the original scale.
     * The same seed gives the same band, whatever else runs at the same time.
     */
    public Band forecastBand(SeriesFrame frame, int origin, int samples, double coverage, long seed) {
        return MonteCarloDropout.band(this, frame, origin, samples, coverage, seed);
    }

    /** Linear interpolation between order statistics of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        return MonteCarloDropout.quantile(sorted, q);
    }

    // transformed forecasts (b, H) of one network: ForecastRollout.run
    float[][] run(ForecastNetwork net, float[][] rows, int[] origins, int b) {
        return rollout.run(net, rows, origins, b);
    }

    void checkOrigins(SeriesFrame frame, int[] origins) {
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
            if (!calendarFields().isEmpty() && !hasTimeStep()) {
                throw new IllegalArgumentException("recursive forecast past the end needs the time step");
            }
        }
    }

    static double[] toDouble(float[] v) {
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

    /** The annual Fourier regression subtracted from the target before the transform, or null for none. */
    public AnnualFourier fourier() {
        return fourier;
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
        String t = fourier != null ? "minus " + fourier.pairs() + " annual Fourier pair(s), " : "";
        t += anchored ? "change from the last value, " : "";
        t += transform.log() ? "log, " : "";
        t += transform.differencingLag() > 0 ? "differencing lag " + transform.differencingLag() + ", " : "";
        return t + "standard scaling";
    }

    /** The same model with other training facts (the automatic choice adds its candidates' scores). */
    ForecastModel withTrainingInfo(ObjectNode info) {
        return new ForecastModel(data, strategy, cell, hidden, layers, dropout, season, lookback, horizon, anchored,
                fourier, transform, featureScalers(), encoders(), calendarFields(), stepMonths(), stepSeconds(),
                featureNames, members, info);
    }

    /** The same model with other networks (a refit: same count, shapes and preprocessing) and training facts. */
    ForecastModel withMembers(List<ForecastNetwork> newMembers, ObjectNode info) {
        return new ForecastModel(data, strategy, cell, hidden, layers, dropout, season, lookback, horizon, anchored,
                fourier, transform, featureScalers(), encoders(), calendarFields(), stepMonths(), stepSeconds(),
                featureNames, newMembers, info);
    }

    /** Training facts (rows, windows, epochs per network, stop reasons, the automatic choice) as JSON. */
    public ObjectNode trainingInfo() {
        return trainingInfo == null ? new ObjectMapper().createObjectNode() : trainingInfo.deepCopy();
    }

    /** The recurrent cell of the networks. */
    public CellType cell() {
        return cell;
    }

    /** Hidden size of each recurrent layer. */
    public int hidden() {
        return hidden;
    }

    /** Stacked recurrent layers. */
    public int layers() {
        return layers;
    }

    /** Dropout probability (also of the Monte Carlo band). */
    public double dropout() {
        return dropout;
    }

    /** Whether the networks predict the change from the window's last target value. */
    public boolean anchored() {
        return anchored;
    }

    /** The calendar features added to each row (empty when none). */
    public List<CalendarFeatures.Field> calendarFields() {
        return preprocessing.calendarFields();
    }

    List<Scaler> featureScalers() {
        return preprocessing.featureScalers();
    }

    List<OneHotEncoder> encoders() {
        return preprocessing.encoders();
    }

    long stepMonths() {
        return preprocessing.stepMonths();
    }

    long stepSeconds() {
        return preprocessing.stepSeconds();
    }

    List<ForecastNetwork> members() {
        return members;
    }

    // ------------------------------------------------------------------ save and load

    /**
     * Writes {@code weights.safetensors} then {@code config.json} into {@code dir} (created if needed), each
     * through a temporary file and an atomic move, so a reader sees either the old or the new file.
     */
    public void save(Path dir) throws IOException {
        ForecastModelFolder.save(this, dir);
    }

    /**
     * Reads a folder written by {@link #save}.
     *
     * @throws IOException for unreadable files, and with a clear message when the folder is not a forecast
     *                     model (missing files, another task, another format, inconsistent weights)
     */
    public static ForecastModel load(Path dir) throws IOException {
        return ForecastModelFolder.load(dir);
    }

    /** A folder that is not a (readable) forecast model. */
    public static final class ModelFolderException extends IOException {
        private static final long serialVersionUID = 1L;

        public ModelFolderException(String message) {
            super(message);
        }
    }
}