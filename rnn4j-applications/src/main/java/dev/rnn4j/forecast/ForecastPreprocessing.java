package dev.rnn4j.forecast;

import dev.rnn4j.series.AnnualFourier;
import dev.rnn4j.series.CalendarFeatures;
import dev.rnn4j.series.FeatureMatrix;
import dev.rnn4j.series.OneHotEncoder;
import dev.rnn4j.series.Scaler;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SeriesTimes;
import dev.rnn4j.series.TargetTransform;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The fitted preprocessing of a {@link ForecastModel}, both ways: a frame's rows to the network inputs, and the
 * networks' transformed forecasts back to the original scale.
 *
 * <p>Forward ({@link #features}): the modelled target (the frame's target minus the annual Fourier regression
 * at the rows' times, when there is one) through the {@link TargetTransform} (log, differencing with lag d,
 * scaling), then the scaled numeric covariates, the one-hot categories and the cyclic calendar features:
 * {@code (T - d + extra, F)}. Inverse ({@link #toOriginal}): the transform inverted on the history before the
 * origin, plus the Fourier regression at the forecast rows' times. Rows past the frame's end take their times
 * from the time step inferred at training ({@link #futureTimes}).
 *
 * <p>Immutable; it only reads the fitted scalers and encoders, so several threads may use it at once.
 */
final class ForecastPreprocessing {
    private final ForecastData data;
    private final AnnualFourier fourier;            // regressed out of the target before the transform; null: none
    private final TargetTransform transform;
    private final List<Scaler> featureScalers;      // one per numeric covariate column
    private final List<OneHotEncoder> encoders;     // one per categorical column
    private final List<CalendarFeatures.Field> calendarFields;
    private final long stepMonths;                  // time step for future labels; 0 and 0: unknown
    private final long stepSeconds;

    ForecastPreprocessing(ForecastData data, AnnualFourier fourier, TargetTransform transform,
                          List<Scaler> featureScalers, List<OneHotEncoder> encoders,
                          List<CalendarFeatures.Field> calendarFields, long stepMonths, long stepSeconds) {
        this.data = data;
        this.fourier = fourier;
        this.transform = transform;
        this.featureScalers = List.copyOf(featureScalers);
        this.encoders = List.copyOf(encoders);
        this.calendarFields = List.copyOf(calendarFields);
        this.stepMonths = stepMonths;
        this.stepSeconds = stepSeconds;
    }

    /**
     * The network inputs of every row from the differencing lag on: {@code (T - lag + extra, F)}, column 0 the
     * transformed target (0 in the {@code extra} future rows), then numeric covariates, one-hot columns and
     * calendar features (the latter also for the future rows, from the time step).
     */
    FeatureMatrix features(SeriesFrame frame, int extra) {
        int rows = frame.rowCount();
        int lag = transform.differencingLag();
        double[] z = transform.transform(modelledTarget(frame), frame.origin(data.target()));
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

    /** Whether the time step is known (the model was trained on a file with parsed times). */
    boolean hasTimeStep() {
        return stepMonths > 0 || stepSeconds > 0;
    }

    /**
     * The target the transform and the networks see: the frame's target, minus the annual Fourier regression at the
     * rows' times when the model has one ({@code (T)}).
     */
    double[] modelledTarget(SeriesFrame frame) {
        double[] y = frame.values(data.target());
        if (fourier == null) {
            return y;
        }
        if (!frame.hasTimes()) {
            throw new IllegalArgumentException(frame.source() + ": the model regresses the target on annual Fourier"
                    + " terms of column '" + timeName() + "', but the file's times were not parsed as dates");
        }
        double[] cycle = fourier.values(frame.times());
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] - cycle[i];
        }
        return out;
    }

    /**
     * A transformed forecast (H) back in the original scale, from the origin {@code history.length}: the transform
     * inverted on {@code history}, the modelled target's values before the origin, plus the annual Fourier
     * regression at the forecast rows' times (the frame's, continued by the time step past its end).
     */
    double[] toOriginal(double[] z, SeriesFrame frame, double[] history) {
        int origin = history.length;
        double[] out = transform.inverseForecast(z, history);
        if (fourier == null) {
            return out;
        }
        int rows = frame.rowCount();
        LocalDateTime[] times = frame.times();
        LocalDateTime[] at = new LocalDateTime[out.length];
        LocalDateTime[] future = origin + out.length > rows ? futureTimes(times[rows - 1], origin + out.length - rows)
                : new LocalDateTime[0];
        for (int s = 0; s < out.length; s++) {
            int row = origin + s;
            at[s] = row < rows ? times[row] : future[row - rows];
        }
        double[] cycle = fourier.values(at);
        for (int s = 0; s < out.length; s++) {
            out[s] += cycle[s];
        }
        return out;
    }

    List<Scaler> featureScalers() {
        return featureScalers;
    }

    List<OneHotEncoder> encoders() {
        return encoders;
    }

    List<CalendarFeatures.Field> calendarFields() {
        return calendarFields;
    }

    long stepMonths() {
        return stepMonths;
    }

    long stepSeconds() {
        return stepSeconds;
    }
}
