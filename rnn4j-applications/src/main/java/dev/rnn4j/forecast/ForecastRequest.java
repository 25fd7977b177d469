package dev.rnn4j.forecast;

import dev.rnn4j.series.SeriesFrame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The history a {@link ForecastPredictor} forecasts from: the recent rows of one series, as plain lists keyed
 * by the column names the model was trained with, so that a JSON body maps onto it field by field:
 * <pre>{@code
 * {"values": [417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432],
 *  "times": ["1960-01", "1960-02", ..., "1960-12"],
 *  "features": {"Temperature": [3.1, 4.0, ...]},
 *  "categories": {"Store": ["north", "north", ...]}}
 * }</pre>
 * Every list holds one entry per row, oldest first; the forecast is for the H rows after the last one.
 * Rows must be complete (the training file's missing-value policy is not applied to a request).
 *
 * @param values     (T) the target's values, all finite; T at least the model's lookback plus its differencing
 *                   lag ({@link ForecastModel#firstOrigin()})
 * @param times      (T) the time label of each row in a form the CSV reader accepts (e.g. {@code 1960-12},
 *                   {@code 2010-01-01}, {@code 2010-01-01 13:00}); null or labels that are not dates when the
 *                   model has no calendar features (the forecast then has no times)
 * @param features   numeric covariate column to its (T) values: exactly the model's {@code features} columns;
 *                   null or empty when it has none
 * @param categories categorical covariate column to its (T) categories: exactly the model's
 *                   {@code categorical} columns; null or empty when it has none
 */
public record ForecastRequest(double[] values, List<String> times, Map<String, double[]> features,
                              Map<String, List<String>> categories) {

    /** Copies every list (later changes to the caller's arrays do not reach the request). */
    public ForecastRequest {
        if (values == null) {
            throw new IllegalArgumentException("values: expected the target's past values, got null");
        }
        values = values.clone();
        times = times == null ? null : Collections.unmodifiableList(new ArrayList<>(times));
        Map<String, double[]> f = new LinkedHashMap<>();
        if (features != null) {
            features.forEach((column, a) -> f.put(column, a == null ? null : a.clone()));
        }
        features = Collections.unmodifiableMap(f);
        Map<String, List<String>> c = new LinkedHashMap<>();
        if (categories != null) {
            categories.forEach((column, a) -> c.put(column,
                    a == null ? null : Collections.unmodifiableList(new ArrayList<>(a))));
        }
        categories = Collections.unmodifiableMap(c);
    }

    /** A history of target values only (no times, no covariates). */
    public static ForecastRequest of(double... values) {
        return new ForecastRequest(values, null, null, null);
    }

    /**
     * The rows of {@code frame} as a request for a model reading the columns {@code data}: the target, the time
     * labels (when the frame has them), the numeric and the categorical covariates.
     */
    public static ForecastRequest of(SeriesFrame frame, ForecastData data) {
        if (frame == null || data == null) {
            throw new IllegalArgumentException("frame, data: expected a frame and its columns, got " + frame + ", "
                    + data);
        }
        Map<String, double[]> features = new LinkedHashMap<>();
        for (String column : data.features()) {
            features.put(column, frame.values(column));
        }
        Map<String, List<String>> categories = new LinkedHashMap<>();
        for (String column : data.categorical()) {
            categories.put(column, Arrays.asList(frame.categories(column)));
        }
        return new ForecastRequest(frame.values(data.target()),
                frame.hasTimeLabels() ? Arrays.asList(frame.timeLabels()) : null, features, categories);
    }

    /** The target's values (a copy). */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** The numeric covariates (the arrays are copies). */
    @Override
    public Map<String, double[]> features() {
        Map<String, double[]> copy = new LinkedHashMap<>();
        features.forEach((column, a) -> copy.put(column, a == null ? null : a.clone()));
        return copy;
    }

    /** Number of rows T (of the target). */
    public int rowCount() {
        return values.length;
    }

    /** Equal when every list holds the same values (arrays compared by content). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ForecastRequest other) || !Arrays.equals(values, other.values)
                || !Objects.equals(times, other.times) || !Objects.equals(categories, other.categories)
                || !features.keySet().equals(other.features.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : features.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.features.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(values);
        h = 31 * h + Objects.hashCode(times);
        for (Map.Entry<String, double[]> e : features.entrySet()) {
            h = 31 * h + e.getKey().hashCode() + Arrays.hashCode(e.getValue());
        }
        return 31 * h + categories.hashCode();
    }

    @Override
    public String toString() {
        return "ForecastRequest[" + values.length + " rows" + (times == null || times.isEmpty() ? ""
                : ", " + times.get(0) + " to " + times.get(times.size() - 1)) + ", features " + features.keySet()
                + ", categories " + categories.keySet() + "]";
    }
}
