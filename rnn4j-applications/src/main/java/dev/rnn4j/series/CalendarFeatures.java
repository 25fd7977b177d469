package dev.rnn4j.series;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar covariates computed from each row's time.
 *
 * <p>Positions are 0-based: month-of-year {@code m-1} in 0..11, ISO day-of-week {@code d-1} in 0..6 (Monday 0),
 * hour-of-day in 0..23, day-of-year {@code d-1} in 0..365.
 * <ul>
 *   <li>{@link Encoding#CYCLIC}: two features per field, {@code sin(2 pi p / P)} and {@code cos(2 pi p / P)},
 *       with period P = 12, 7, 24 or 365.25, so December sits next to January. Names {@code month_sin},
 *       {@code month_cos}, {@code day_of_week_sin}, ...</li>
 *   <li>{@link Encoding#ONE_HOT}: P features per field (366 for day-of-year), exactly one of them 1. Names
 *       {@code month=1} ... {@code month=12}, {@code day_of_week=1} (Monday) ... {@code day_of_week=7},
 *       {@code hour=0} ... {@code hour=23}.</li>
 * </ul>
 */
public final class CalendarFeatures {

    /** Which calendar position to encode. */
    public enum Field {
        /** Month of the year, period 12. */
        MONTH_OF_YEAR("month", 12),
        /** ISO day of the week (Monday first), period 7. */
        DAY_OF_WEEK("day_of_week", 7),
        /** Hour of the day, period 24. */
        HOUR_OF_DAY("hour", 24),
        /** Day of the year, period 365.25 (cyclic) or 366 features (one-hot). */
        DAY_OF_YEAR("day_of_year", 366);

        private final String label;
        private final int slots;

        Field(String label, int slots) {
            this.label = label;
            this.slots = slots;
        }

        int position(LocalDateTime t) {
            return switch (this) {
                case MONTH_OF_YEAR -> t.getMonthValue() - 1;
                case DAY_OF_WEEK -> t.getDayOfWeek().getValue() - 1;
                case HOUR_OF_DAY -> t.getHour();
                case DAY_OF_YEAR -> t.getDayOfYear() - 1;
            };
        }

        double period() {
            return this == DAY_OF_YEAR ? 365.25 : slots;
        }

        // one-hot names count from 1 for month/day-of-week/day-of-year (as people say them), from 0 for hours
        int firstName() {
            return this == HOUR_OF_DAY ? 0 : 1;
        }
    }

    /** How each field is encoded. */
    public enum Encoding {
        /** sin/cos pair per field. */
        CYCLIC,
        /** one feature per value of the field. */
        ONE_HOT
    }

    private CalendarFeatures() {
    }

    /**
     * The fields that vary within a series with this step: monthly or coarser → month; daily → day-of-week and
     * day-of-year; sub-daily → hour, day-of-week and month.
     */
    public static List<Field> fieldsFor(SeriesTimes.TimeStep step) {
        if (step.months() > 0) {
            return step.months() < 12 ? List.of(Field.MONTH_OF_YEAR) : List.of();
        }
        long seconds = step.duration().getSeconds();
        if (seconds >= 86_400 * 7) {
            return List.of(Field.DAY_OF_YEAR);
        }
        if (seconds >= 86_400) {
            return List.of(Field.DAY_OF_WEEK, Field.DAY_OF_YEAR);
        }
        return List.of(Field.HOUR_OF_DAY, Field.DAY_OF_WEEK, Field.MONTH_OF_YEAR);
    }

    /**
     * Computes the features.
     *
     * @param times    the time of each row (T)
     * @param encoding cyclic or one-hot
     * @param fields   the fields, in feature order
     * @return {@code (T, F)} features
     */
    public static FeatureMatrix compute(LocalDateTime[] times, Encoding encoding, List<Field> fields) {
        if (times == null || encoding == null || fields == null) {
            throw new IllegalArgumentException("times, encoding, fields: expected non-null arguments");
        }
        List<String> names = new ArrayList<>();
        for (Field f : fields) {
            if (encoding == Encoding.CYCLIC) {
                names.add(f.label + "_sin");
                names.add(f.label + "_cos");
            } else {
                for (int s = 0; s < f.slots; s++) {
                    names.add(f.label + "=" + (s + f.firstName()));
                }
            }
        }
        int width = names.size();
        float[] out = new float[times.length * width];
        for (int t = 0; t < times.length; t++) {
            if (times[t] == null) {
                throw new IllegalArgumentException("times: expected a time in every row, got null at row " + t);
            }
            int offset = t * width;
            for (Field f : fields) {
                int p = f.position(times[t]);
                if (encoding == Encoding.CYCLIC) {
                    double angle = 2 * Math.PI * p / f.period();
                    out[offset] = (float) Math.sin(angle);
                    out[offset + 1] = (float) Math.cos(angle);
                    offset += 2;
                } else {
                    out[offset + p] = 1f;
                    offset += f.slots;
                }
            }
        }
        return new FeatureMatrix(out, times.length, width, names);
    }
}
