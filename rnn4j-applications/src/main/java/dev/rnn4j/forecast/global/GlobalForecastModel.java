package dev.rnn4j.forecast.global;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
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
    private final PanelColumns columns;      // null when not trained from a file
    private final ObjectNode trainingInfo;

    GlobalForecastModel(WindowFeatures features, int period, CellType cell, int hidden, int layers, double dropout,
                        ForecastNetwork network, PanelColumns columns, ObjectNode trainingInfo) {
        this.features = features;
        this.period = period;
        this.cell = cell;
        this.hidden = hidden;
        this.layers = layers;
        this.dropout = dropout;
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
        return GlobalForecastTrainer.train(training, covariateNames, options, run);
    }

    /** The same model, recording the file columns it reads (saved in config.json). */
    public GlobalForecastModel withColumns(PanelColumns panelColumns) {
        return new GlobalForecastModel(features, period, cell, hidden, layers, dropout, network, panelColumns,
                trainingInfo);
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
     * The H values from {@code origins[i]} of series i on, from the L values before it.
     *
     * @param series  the series
     * @param origins for each series the first forecast step, in [1, T]
     * @return {@code series.size()} forecasts of H values, original scale
     * @throws IllegalArgumentException for a null series, an origin out of range, another covariate count, or a
     *                                  non-positive input when the model takes logarithms (messages name the series)
     */
    public double[][] forecast(List<GlobalSeries> series, int[] origins) {
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
        int l = features.lookback();
        int f = features.featureCount();
        int h = features.horizon();
        double[][] out = new double[origins.length][h];
        for (int from = 0; from < origins.length; from += PREDICT_CHUNK) {
            int b = Math.min(PREDICT_CHUNK, origins.length - from);
            float[] x = new float[b * l * f];    // (b, L, F)
            double[] scales = new double[b];
            for (int i = 0; i < b; i++) {
                scales[i] = features.input(series.get(from + i), origins[from + i], x, i * l * f);
            }
            float[] z;
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                z = network.forward(Tensor.of(x, b, l, f)).toFloatArray();   // (b, H)
            }
            for (int i = 0; i < b; i++) {
                for (int k = 0; k < h; k++) {
                    out[from + i][k] = features.unscaled(z[i * h + k], scales[i]);
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
                features.normalisation().cliName(), features.log() ? " + log" : "", features.featureNames());
    }
}
