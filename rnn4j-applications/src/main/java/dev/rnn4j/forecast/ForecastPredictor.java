package dev.rnn4j.forecast;

import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.series.CalendarFeatures;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SeriesTimes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A trained {@link ForecastModel} as a {@link Predictor}: a {@link ForecastRequest} (the recent history of one
 * series) in, a {@link Forecast} (the next H values and their times) out. {@link #predictBatch} forecasts all
 * histories in one batch per network ({@link ForecastModel#forecastAfter}).
 *
 * <p>Safe to call from several threads at once: the model is immutable and its networks stay in evaluation
 * mode, so a call only reads shared state (see {@link ForecastModel}).
 */
public final class ForecastPredictor implements Predictor<ForecastRequest, Forecast> {

    private final ForecastModel model;
    private final ModelInfo info;

    /** The predictor of a trained or loaded model. */
    public ForecastPredictor(ForecastModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a forecast model, got null");
        }
        this.model = model;
        this.info = describe(model);
    }

    /**
     * Loads the model folder written by {@link ForecastModel#save}.
     *
     * @throws IllegalArgumentException if the folder is missing or is not a readable forecast model (the message
     *                                  names the file)
     * @throws UncheckedIOException     if a file exists but cannot be read
     */
    public static ForecastPredictor load(Path folder) {
        try {
            return new ForecastPredictor(ForecastModel.load(folder));
        } catch (ForecastModel.ModelFolderException | NoSuchFileException
                 | dev.rnn4j.io.SafeTensorsFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot read the model: " + e.getMessage(), e);
        }
    }

    /** The model behind this predictor. */
    public ForecastModel model() {
        return model;
    }

    @Override
    public ModelInfo describe() {
        return info;
    }

    /**
     * The next H values after the request's last row.
     *
     * @throws IllegalArgumentException if the request lacks a column or times the model needs, has columns it
     *                                  does not know, lists of different lengths, values that are not finite,
     *                                  times out of order, or fewer rows than {@link ForecastModel#firstOrigin()}
     */
    @Override
    public Forecast predict(ForecastRequest input) {
        if (input == null) {
            throw new IllegalArgumentException("input: expected a forecast request, got null");
        }
        return forecast(List.of(frame(input, "forecast request"))).get(0);
    }

    /**
     * The next H values after each request's last row, all requests in one batch per network; errors name the
     * index of the request at fault.
     */
    @Override
    public List<Forecast> predictBatch(List<ForecastRequest> inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs: expected a list of forecast requests, got null");
        }
        if (inputs.isEmpty()) {
            return List.of();
        }
        List<SeriesFrame> frames = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new IllegalArgumentException("inputs[" + i + "]: expected a forecast request, got null");
            }
            frames.add(frame(inputs.get(i), "forecast request " + i));
        }
        return forecast(frames);
    }

    private List<Forecast> forecast(List<SeriesFrame> frames) {
        double[][] values = model.forecastAfter(frames);
        List<Forecast> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            SeriesFrame frame = frames.get(i);
            List<LocalDateTime> times = List.of();
            if (frame.hasTimes() && model.hasTimeStep()) {
                LocalDateTime[] history = frame.times();
                times = List.of(model.futureTimesAfter(history[history.length - 1]));
            }
            out.add(new Forecast(values[i], times));
        }
        return out;
    }

    /** The request as a frame of the model's columns; {@code name} starts every error message. */
    SeriesFrame frame(ForecastRequest request, String name) {
        ForecastData data = model.data();
        Map<String, double[]> values = new LinkedHashMap<>();
        values.put(data.target(), request.values());
        Map<String, double[]> features = request.features();
        checkColumns(name, "features", features.keySet().stream().toList(), data.features());
        for (String column : data.features()) {
            values.put(column, features.get(column));
        }
        Map<String, String[]> categories = new LinkedHashMap<>();
        checkColumns(name, "categories", request.categories().keySet().stream().toList(), data.categorical());
        for (String column : data.categorical()) {
            List<String> c = request.categories().get(column);
            categories.put(column, c == null ? null : c.toArray(new String[0]));
        }
        String[] labels = request.times() == null ? null : request.times().toArray(new String[0]);
        LocalDateTime[] times = parseTimes(name, labels);
        if (times == null && !model.calendarFields().isEmpty()) {
            throw new IllegalArgumentException(name + ": times: the model uses calendar features "
                    + model.calendarFields() + ", so every row needs its time (e.g. 1960-12 or 2010-01-01 13:00), got "
                    + (labels == null ? "none" : "'" + labels[0] + "'"));
        }
        return SeriesFrame.inMemory(name, timeName(data), labels, times, values, categories);
    }

    private static void checkColumns(String name, String what, List<String> given, List<String> expected) {
        if (!new HashSet<>(given).equals(new HashSet<>(expected))) {
            throw new IllegalArgumentException(name + ": " + what + ": expected the columns " + expected
                    + " (those the model was trained with), got " + given);
        }
    }

    // the first label decides, as in the CSV reader: a date there means every label must be one
    private static LocalDateTime[] parseTimes(String name, String[] labels) {
        if (labels == null || labels.length == 0) {
            return null;
        }
        LocalDateTime[] times = new LocalDateTime[labels.length];
        for (int r = 0; r < labels.length; r++) {
            Optional<LocalDateTime> t = SeriesTimes.parse(labels[r]);
            if (t.isEmpty()) {
                if (r == 0) {
                    return null;
                }
                throw new IllegalArgumentException(name + ": times[" + r + "]: cannot parse '" + labels[r]
                        + "' as a time (times[0] '" + labels[0] + "' is one); expected yyyy-MM, yyyy-MM-dd,"
                        + " yyyy-MM-dd HH:mm[:ss] (or with T), yyyy/MM/dd, yyyy/MM or yyyy");
            }
            times[r] = t.get();
        }
        return times;
    }

    private static String timeName(ForecastData data) {
        return data.timeColumn() != null ? data.timeColumn()
                : data.timeParts() != null ? String.join("/", data.timeParts()) : "time";
    }

    private static ModelInfo describe(ForecastModel model) {
        ForecastData data = model.data();
        StringBuilder input = new StringBuilder("the recent history of one series: \"values\" of '")
                .append(data.target()).append("' (at least ").append(model.firstOrigin()).append(" rows, oldest first)");
        if (!model.calendarFields().isEmpty()) {
            input.append(", the \"times\" of the rows (required: calendar features)");
        } else {
            input.append(", optionally their \"times\"");
        }
        if (!data.features().isEmpty()) {
            input.append(", \"features\" ").append(data.features());
        }
        if (!data.categorical().isEmpty()) {
            input.append(", \"categories\" ").append(data.categorical());
        }
        String output = "the next " + model.horizon() + " values of '" + data.target()
                + "' and, when the history has dates, the times they are for";
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("target", data.target());
        settings.put("horizon", model.horizon());
        settings.put("lookback", model.lookback());
        settings.put("minimum_history", model.firstOrigin());
        settings.put("season", model.season());
        settings.put("cell", model.cell().name().toLowerCase(Locale.ROOT));
        settings.put("hidden", model.hidden());
        settings.put("layers", model.layers());
        settings.put("strategy", model.strategy().name().toLowerCase(Locale.ROOT));
        settings.put("ensemble", model.ensembleSize());
        settings.put("transforms", transforms(model));
        settings.put("features", data.features());
        settings.put("categorical", data.categorical());
        settings.put("calendar", model.calendarFields().stream().map(CalendarFeatures.Field::name)
                .map(s -> s.toLowerCase(Locale.ROOT)).toList());
        settings.put("dropout", model.dropout());
        return new ModelInfo(ForecastModel.TASK, input.toString(), output, settings);
    }

    // the target transforms in the order they are applied
    private static List<String> transforms(ForecastModel model) {
        List<String> t = new ArrayList<>();
        if (model.fourier() != null) {
            t.add("minus " + model.fourier().pairs() + " annual Fourier pair(s)");
        }
        if (model.transform().log()) {
            t.add("log");
        }
        if (model.transform().differencingLag() > 0) {
            t.add("differencing lag " + model.transform().differencingLag());
        }
        t.add(model.transform().scaler().kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + " scaling");
        if (model.anchored()) {
            t.add("change from the last value");
        }
        return List.copyOf(t);
    }

    @Override
    public String toString() {
        return "ForecastPredictor[" + model.describe() + "]";
    }
}
