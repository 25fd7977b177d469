package dev.rnn4j.forecast;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link ForecastPredictor} gives for one history: the point forecast (dropout off, ensemble mean) of the
 * H rows after the history's last row, in the target's original scale.
 *
 * @param values (H) the forecast values, oldest first
 * @param times  (H) the time each value is for, one inferred time step apart after the history's last time;
 *               empty when the history has no dates or the model no time step
 */
public record Forecast(double[] values, List<LocalDateTime> times) {

    /** Copies the values; {@code times} must be empty or as long as {@code values}. */
    public Forecast {
        if (values == null) {
            throw new IllegalArgumentException("values: expected the forecast values, got null");
        }
        times = times == null ? List.of() : List.copyOf(times);
        if (!times.isEmpty() && times.size() != values.length) {
            throw new IllegalArgumentException("times: expected none or " + values.length + " (one per value), got "
                    + times.size());
        }
        values = values.clone();
    }

    /** The forecast values (a copy). */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** H, the number of values. */
    public int horizon() {
        return values.length;
    }

    /** Equal when the values are bit for bit the same ({@link Arrays#equals(double[], double[])}) and so are the times. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast other && Arrays.equals(values, other.values) && times.equals(other.times);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + times.hashCode();
    }

    @Override
    public String toString() {
        return "Forecast[values=" + Arrays.toString(values) + (times.isEmpty() ? "" : ", times=" + times) + "]";
    }
}
