package dev.rnn4j.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One measured figure, printed as the reference script prints it:
 * {@code {"system": "rnn4j-0.1.0", "workload": "infer_lstm_batch", "threads": 2, "unit": "sequences/s", "value": 123.4}}
 * (Python's {@code json.dumps} spacing, value rounded to one decimal as {@code round(v, 1)}).
 *
 * @param value a positive, finite throughput in {@code unit}
 */
public record BenchResult(String system, String workload, int threads, String unit, double value) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchResult {
        if (system == null || workload == null || unit == null) {
            throw new IllegalArgumentException("benchmark result: system, workload and unit must be given, got "
                    + system + ", " + workload + ", " + unit);
        }
        boolean signed = unit.startsWith("%"); // a relative difference may be negative
        if (!Double.isFinite(value) || (!signed && !(value > 0))) {
            throw new IllegalArgumentException("benchmark result " + workload + ": expected a positive finite value, got "
                    + value);
        }
    }

    /** The JSON line, without a line terminator. */
    public String jsonLine() {
        // Written by hand (strings escaped by Jackson) to keep json.dumps' key order and ", " / ": " spacing.
        return "{\"system\": " + quote(system) + ", \"workload\": " + quote(workload) + ", \"threads\": " + threads
                + ", \"unit\": " + quote(unit) + ", \"value\": " + roundedValue() + "}";
    }

    /** The value with one decimal, as Python's {@code round(v, 1)} prints it ({@code 1234.0}, {@code 0.4}). */
    public String roundedValue() {
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string", e);
        }
    }
}
