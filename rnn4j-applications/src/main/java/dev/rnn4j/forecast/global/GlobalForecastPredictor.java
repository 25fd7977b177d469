package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.Forecast;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.io.SafeTensorsFormatException;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link GlobalForecastModel} as a {@link Predictor}: the history of one series of a panel in, the {@link Forecast}
 * of its next H values out (without times: a panel's series need not share a calendar). {@link #predictBatch}
 * forecasts every series of a panel in one batch per 1,024 series.
 *
 * <p>Safe to call from several threads at once (see {@link GlobalForecastModel}).
 */
public final class GlobalForecastPredictor implements Predictor<GlobalSeries, Forecast> {

    private final GlobalForecastModel model;
    private final ModelInfo info;

    /** The predictor of a trained or loaded model. */
    public GlobalForecastPredictor(GlobalForecastModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a global forecast model, got null");
        }
        this.model = model;
        this.info = describe(model);
    }

    /**
     * Loads a model folder written by {@link GlobalForecastModel#save}.
     *
     * @throws IllegalArgumentException if the folder is missing or is not a readable global forecaster
     * @throws UncheckedIOException     if a file exists but cannot be read
     */
    public static GlobalForecastPredictor load(Path folder) {
        try {
            return new GlobalForecastPredictor(GlobalForecastModel.load(folder));
        } catch (ForecastModel.ModelFolderException | NoSuchFileException | SafeTensorsFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot read the model: " + e.getMessage(), e);
        }
    }

    /** The model behind this predictor. */
    public GlobalForecastModel model() {
        return model;
    }

    @Override
    public ModelInfo describe() {
        return info;
    }

    /** The next H values after the series' last value. */
    @Override
    public Forecast predict(GlobalSeries input) {
        if (input == null) {
            throw new IllegalArgumentException("input: expected a series, got null");
        }
        return new Forecast(model.forecast(List.of(input))[0], List.of());
    }

    /** The next H values after each series' last value, in order. */
    @Override
    public List<Forecast> predictBatch(List<GlobalSeries> inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs: expected a list of series, got null");
        }
        double[][] values = model.forecast(inputs);
        List<Forecast> out = new ArrayList<>(values.length);
        for (double[] v : values) {
            out.add(new Forecast(v, List.of()));
        }
        return out;
    }

    private static ModelInfo describe(GlobalForecastModel model) {
        WindowFeatures f = model.features();
        String input = "one series of a panel: its values (at least 1; the last " + f.lookback() + " are read)"
                + (f.covariateNames().isEmpty() ? "" : ", covariates " + f.covariateNames() + " per step")
                + (f.groups().isEmpty() ? "" : ", its group (one of " + f.groups() + ")");
        String output = "the next " + f.horizon() + " values of the series"
                + (model.quantiles().isEmpty() ? "" : " (the median of the quantiles " + model.quantiles() + ")");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("horizon", f.horizon());
        settings.put("lookback", f.lookback());
        settings.put("period", model.period());
        settings.put("normalisation", f.normalisation().cliName());
        settings.put("log", f.log());
        settings.put("cell", model.cell().name().toLowerCase(Locale.ROOT));
        settings.put("hidden", model.hidden());
        settings.put("layers", model.layers());
        settings.put("covariates", f.covariateNames());
        settings.put("groups", f.groups());
        settings.put("quantiles", model.quantiles());
        return new ModelInfo(GlobalForecastModel.TASK, input, output, settings);
    }

    @Override
    public String toString() {
        return "GlobalForecastPredictor[" + model.describe() + "]";
    }
}
