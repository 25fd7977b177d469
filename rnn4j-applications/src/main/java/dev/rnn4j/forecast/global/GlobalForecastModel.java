package dev.rnn4j.forecast.global;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.DataParallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A global forecaster: one LSTM/GRU network ({@link ForecastNetwork}, a direct multi-output head of H values)
 * trained on windows of many series at once, with the preprocessing it was trained with ({@link WindowFeatures}:
 * per-window scaling, optional log, padding flag, standardised covariates, one-hot group).
 *
 * <p>A forecast from origin o of a series reads its values (and covariates) {@code [o - L, o)} only and gives
 * the H values from o on, in the original scale. Immutable once built and safe to use from several threads: the
 * network stays in evaluation mode and a forecast writes only to arrays of its own call.
 *
 * <p>A probabilistic forecaster ({@link #quantiles()} not empty) has a head of H × Q values, read as (H, Q):
 * for every step the forecasts of the Q quantile levels, trained with the pinball loss. Quantiles can cross,
 * since nothing ties the Q outputs together; a forecast sorts the Q values of each step (the monotone
 * rearrangement of Chernozhukov, Fernández-Val and Galichon 2010, which never moves a set of quantiles further
 * from the true ones). The point forecast is the median (level 0.5) after sorting. Unscaling is increasing
 * (s · z or s · exp z with s &gt; 0), so sorting before or after it gives the same quantiles.
 *
 * <p>Saved as a model folder ({@link GlobalModelFolder}): {@code weights.safetensors} with PyTorch parameter names
 * ({@code rnn.weight_ih_l0}, …, {@code head.weight}, {@code head.bias}) and {@code config.json} with
 * {@code "task": "global-forecast"}, the preprocessing and, when trained from a file, its columns.
 */
public final class GlobalForecastModel {
    /** The {@code task} written to config.json. */
    public static final String TASK = "global-forecast";
    /** The config.json format version. */
    public static final int FORMAT = 1;
    /** Windows per forward pass when forecasting or validating. */
    static final int PREDICT_CHUNK = 1024;

    private final WindowFeatures features;
    private final int period;
    private final CellType cell;
    private final int hidden;
    private final int layers;
    private final double dropout;
    private final ForecastNetwork network;
    private final double[] quantiles;       // (Q) levels, empty for a point forecaster
    private final PanelColumns columns;      // null when not trained from a file
    private final ObjectNode trainingInfo;

    GlobalForecastModel(WindowFeatures features, int period, CellType cell, int hidden, int layers, double dropout,
                        double[] quantiles, ForecastNetwork network, PanelColumns columns, ObjectNode trainingInfo) {
        this.features = features;
        this.period = period;
        this.cell = cell;
        this.hidden = hidden;
        this.layers = layers;
        this.dropout = dropout;
        this.quantiles = quantiles.clone();
        this.network = network;
        this.columns = columns;
        this.trainingInfo = trainingInfo;
        network.eval();
    }

    /**
     * Trains one network on the training parts of many series ({@link GlobalForecastTrainer}): early stopping on
     * the last H values of each part, training windows before them.
     *
     * @param training       the training parts (nothing after them is read)
     * @param covariateNames the names of the series' covariate columns (empty for none)
     * @param options        windows, network and training settings
     * @param run            where the {@link dev.rnn4j.train.Trainer} writes checkpoints and logs
     * @throws IllegalArgumentException if no series is long enough (2H + 1 values), the covariates do not match,
     *                                  or log is asked for with non-positive values
     * @throws IOException              if a checkpoint cannot be written or resumed
     */
    public static GlobalForecastModel train(List<GlobalSeries> training, List<String> covariateNames,
                                            GlobalForecastOptions options, TrainingRun run) throws IOException {
        return GlobalForecastTrainer.train(training, covariateNames, options, run, null);
    }

    /**
     * Trains as one worker of a synchronous data-parallel run ({@link DataParallel}): every worker draws the same
     * windows and computes its rows of each global batch, the gradients are summed by {@code parallel}'s hook, and
     * every worker ends with the single-process network (within float rounding; with dropout, masks drawn per
     * worker). Rank 0 writes {@code run.dir()}; the others only read it to resume. The time budget
     * ({@link GlobalForecastOptions#maxSeconds()}) does not apply.
     *
     * @param parallel this worker's rank, the worker count and the all-reduce
     * @see #train(List, List, GlobalForecastOptions, TrainingRun)
     */
    public static GlobalForecastModel train(List<GlobalSeries> training, List<String> covariateNames,
                                            GlobalForecastOptions options, TrainingRun run, DataParallel parallel)
            throws IOException {
        if (parallel == null) {
            throw new IllegalArgumentException("parallel: expected a data-parallel worker, got null");
        }
        return GlobalForecastTrainer.train(training, covariateNames, options, run, parallel);
    }

    /** The same model, recording the file columns it reads (saved in config.json). */
    public GlobalForecastModel withColumns(PanelColumns panelColumns) {
        return new GlobalForecastModel(features, period, cell, hidden, layers, dropout, quantiles, network,
                panelColumns, trainingInfo);
    }

    /**
     * The H values after the end of each series.
     *
     * @param histories series of at least one value each, with the model's covariates
     * @return {@code histories.size()} forecasts of H values, original scale
     */
    public double[][] forecast(List<GlobalSeries> histories) {
        if (histories == null) {
            throw new IllegalArgumentException("histories: expected a list of series, got null");
        }
        int[] origins = new int[histories.size()];
        for (int i = 0; i < origins.length; i++) {
            origins[i] = histories.get(i) == null ? 0 : histories.get(i).length();
        }
        return forecast(histories, origins);
    }

    /**
     * The H values from {@code origins[i]} of series i on, from the L values before it: the point forecast (the
     * median of a probabilistic forecaster).
     *
     * @param series  the series
     * @param origins for each series the first forecast step, in [1, T]
     * @return {@code series.size()} forecasts of H values, original scale
     * @throws IllegalArgumentException for a null series, an origin out of range, another covariate count, or a
     *                                  non-positive input when the model takes logarithms (messages name the series)
     */
    public double[][] forecast(List<GlobalSeries> series, int[] origins) {
        check(series, origins);
        double[][][] all = run(network, series, origins, 1);
        int median = medianColumn();
        double[][] out = new double[all.length][features.horizon()];
        for (int i = 0; i < all.length; i++) {
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = all[i][k][median];
            }
        }
        return out;
    }

    /**
     * The quantile forecasts of the H values from {@code origins[i]} of series i on, sorted over the levels (see
     * the class comment).
     *
     * @return (N, H, Q) in the original scale, the last index over {@link #quantiles()}
     * @throws IllegalArgumentException as {@link #forecast(List, int[])}, or if the model has no quantiles
     */
    public double[][][] forecastQuantiles(List<GlobalSeries> series, int[] origins) {
        if (quantiles.length == 0) {
            throw new IllegalArgumentException("quantiles: this model is a point forecaster (trained without "
                    + "--quantiles), so it has no quantile forecasts");
        }
        check(series, origins);
        return run(network, series, origins, 1);
    }

    void check(List<GlobalSeries> series, int[] origins) {
        if (series == null || origins == null || series.size() != origins.length) {
            throw new IllegalArgumentException("series, origins: expected one origin per series, got "
                    + (series == null ? "null" : series.size()) + " series and "
                    + (origins == null ? "null" : origins.length) + " origins");
        }
        for (int i = 0; i < origins.length; i++) {
            if (series.get(i) == null) {
                throw new IllegalArgumentException("series[" + i + "]: expected a series, got null");
            }
            features.check(series.get(i), origins[i]);
        }
    }

    /** The column of the point forecast in the last index of {@link #run}: the median, or 0 without quantiles. */
    int medianColumn() {
        for (int k = 0; k < quantiles.length; k++) {
            if (quantiles[k] == 0.5) {
                return k;
            }
        }
        return 0;
    }

    /**
     * Runs {@code net} on the windows before the origins (checked by the caller), each window {@code repeats}
     * times in a row of the batch (distinct rows draw distinct dropout masks when {@code net} is in training
     * mode).
     *
     * @return (N · repeats, H, K) in the original scale, row {@code i · repeats + r} for window i; K = Q with the
     *         levels sorted per step, or K = 1 for a point forecaster
     */
    double[][][] run(ForecastNetwork net, List<GlobalSeries> series, int[] origins, int repeats) {
        int l = features.lookback();
        int f = features.featureCount();
        int h = features.horizon();
        int k = Math.max(1, quantiles.length);
        double[][][] out = new double[origins.length * repeats][h][k];
        int windowsPerPass = Math.max(1, PREDICT_CHUNK / repeats);
        float[] window = new float[l * f];
        for (int from = 0; from < origins.length; from += windowsPerPass) {
            int b = Math.min(windowsPerPass, origins.length - from);
            float[] x = new float[b * repeats * l * f];    // (b · repeats, L, F)
            double[] scales = new double[b];
            double[][] anchors = new double[b][];
            for (int i = 0; i < b; i++) {
                scales[i] = features.input(series.get(from + i), origins[from + i], window, 0);
                anchors[i] = features.anchor(series.get(from + i), origins[from + i], scales[i]);
                for (int r = 0; r < repeats; r++) {
                    System.arraycopy(window, 0, x, (i * repeats + r) * l * f, l * f);
                }
            }
            float[] z;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                z = net.forward(Tensor.of(x, b * repeats, l, f)).toFloatArray();   // (b · repeats, H · K)
            }
            for (int row = 0; row < b * repeats; row++) {
                double scale = scales[row / repeats];
                double[] anchor = anchors[row / repeats];
                double[][] target = out[from * repeats + row];
                for (int step = 0; step < h; step++) {
                    for (int c = 0; c < k; c++) {
                        target[step][c] = features.unscaled(z[(row * h + step) * k + c] + anchor[step], scale);
                    }
                    if (k > 1) {
                        Arrays.sort(target[step]);
                    }
                }
            }
        }
        return out;
    }

    /** Writes {@code weights.safetensors} and {@code config.json} into {@code dir} (created if needed). */
    public void save(Path dir) throws IOException {
        GlobalModelFolder.save(this, dir);
    }

    /**
     * Reads a folder written by {@link #save}.
     *
     * @throws IOException with a message naming the file when the folder is not a readable global forecaster
     */
    public static GlobalForecastModel load(Path dir) throws IOException {
        return GlobalModelFolder.load(dir);
    }

    /** The preprocessing (window shape, scaling, covariates, groups). */
    public WindowFeatures features() {
        return features;
    }

    /** H. */
    public int horizon() {
        return features.horizon();
    }

    /** L. */
    public int lookback() {
        return features.lookback();
    }

    /** The seasonal period m of the data (seasonal-naive baseline and MASE). */
    public int period() {
        return period;
    }

    /** The recurrent cell. */
    public CellType cell() {
        return cell;
    }

    /** Hidden size. */
    public int hidden() {
        return hidden;
    }

    /** Stacked recurrent layers. */
    public int layers() {
        return layers;
    }

    /** Dropout probability of training. */
    public double dropout() {
        return dropout;
    }

    /**
     * The network, in evaluation mode. Forecasts read it concurrently: callers must not train, switch or
     * backpropagate into it.
     */
    public ForecastNetwork network() {
        return network;
    }

    /** The quantile levels of a probabilistic forecaster, increasing; empty for a point forecaster. */
    public List<Double> quantiles() {
        List<Double> out = new ArrayList<>(quantiles.length);
        for (double q : quantiles) {
            out.add(q);
        }
        return out;
    }

    /** The file columns the model was trained from, or null. */
    public PanelColumns columns() {
        return columns;
    }

    /** Training facts (series, windows, epochs, stop reason) as JSON. */
    public ObjectNode trainingInfo() {
        return trainingInfo == null ? new ObjectMapper().createObjectNode() : trainingInfo.deepCopy();
    }

    /** A one-line description. */
    public String describe() {
        return String.format(Locale.ROOT, "global %s hidden %d x %d layer(s), lookback %d, horizon %d, period %d, "
                        + "%s scaling%s, features %s", cell, hidden, layers, lookback(), horizon(), period,
                features.normalisation().cliName(), (features.log() ? " + log" : "")
                        + (features.drift() ? ", drift anchor" : ""), features.featureNames())
                + (quantiles.length == 0 ? "" : ", quantiles " + quantiles());
    }
}
