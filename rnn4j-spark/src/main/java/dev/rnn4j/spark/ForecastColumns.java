package dev.rnn4j.spark;

import dev.rnn4j.forecast.Forecast;
import dev.rnn4j.forecast.ForecastRequest;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

import java.util.List;

/**
 * Forecasters ({@code forecast}): a column of arrays of numbers in, each the recent history of one series
 * (oldest first, the target alone: no times, no covariates, so a model trained with calendar features or
 * covariates is refused by the predictor with its own message); the next H values (array of doubles) out. A
 * null or empty array gives a null forecast; a null element inside an array is an error naming its position.
 */
final class ForecastColumns implements ColumnCodec<ForecastRequest, Forecast> {

    @Override
    public String task() {
        return "forecast";
    }

    @Override
    public String expectedInput() {
        return "an array of numbers (the series' recent values, oldest first)";
    }

    @Override
    public boolean accepts(DataType type) {
        return type instanceof ArrayType array && array.elementType() instanceof NumericType;
    }

    @Override
    public List<String> defaultOutputColumns() {
        return List.of("forecast");
    }

    @Override
    public List<DataType> outputTypes() {
        return List.of(DataTypes.createArrayType(DataTypes.DoubleType, false));
    }

    @Override
    public ForecastRequest input(Object cell) {
        List<?> values = SparkCells.list(cell);
        if (values == null || values.isEmpty()) {
            return null;
        }
        double[] history = new double[values.size()];
        for (int t = 0; t < history.length; t++) {
            Object v = values.get(t);
            if (!(v instanceof Number number)) {
                throw new IllegalArgumentException("values[" + t + "]: expected a number, got "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
            history[t] = number.doubleValue();
        }
        return ForecastRequest.of(history);
    }

    /** False: a forecaster reads the last {@code lookback} values of every series, whatever its length. */
    @Override
    public boolean groupsByLength() {
        return false;
    }

    /** The number of values (not used for batching: {@link #groupsByLength} is false). */
    @Override
    public int length(ForecastRequest request) {
        return request.values().length;
    }

    @Override
    public Object[] columns(Forecast forecast) {
        return new Object[] {forecast == null ? null : forecast.values()};
    }
}
