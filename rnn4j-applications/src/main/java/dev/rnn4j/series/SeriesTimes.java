package dev.rnn4j.series;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flexible parsing of time stamps, and inference of the time step of a regular series.
 *
 * <p>Accepted forms (strict: a four-digit year, real calendar dates):
 * {@code yyyy-MM-dd HH:mm:ss[.fff]}, {@code yyyy-MM-dd HH:mm}, the same with {@code T} instead of the space,
 * {@code yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code yyyy-MM}, {@code yyyy/MM} and {@code yyyy}. A month such as
 * {@code 1949-01} becomes the first day of that month at midnight; a year becomes January 1st. Labels such as
 * {@code 1-01} (the shampoo data set's "year 1, month 01") do not parse.
 */
public final class SeriesTimes {

    private enum Kind { DATE_TIME, DATE, YEAR_MONTH, YEAR }

    private record Form(DateTimeFormatter formatter, Kind kind) { }

    private static final List<Form> FORMS = List.of(
            form("uuuu-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]", Kind.DATE_TIME),
            form("uuuu-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]", Kind.DATE_TIME),
            form("uuuu-MM-dd HH:mm", Kind.DATE_TIME),
            form("uuuu-MM-dd'T'HH:mm", Kind.DATE_TIME),
            form("uuuu-MM-dd", Kind.DATE),
            form("uuuu/MM/dd", Kind.DATE),
            form("uuuu-MM", Kind.YEAR_MONTH),
            form("uuuu/MM", Kind.YEAR_MONTH),
            form("uuuu", Kind.YEAR));

    private SeriesTimes() {
    }

    private static Form form(String pattern, Kind kind) {
        return new Form(DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT), kind);
    }

    /**
     * Parses one time stamp in any of the accepted forms.
     *
     * @param text the cell text; surrounding white space is ignored
     * @return the time, or empty when the text is in none of the accepted forms (or names no real date)
     */
    public static Optional<LocalDateTime> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        // cheap pre-check so that labels like "1-01" don't cost nine exceptions each
        if (s.length() < 4 || !Character.isDigit(s.charAt(0)) || !Character.isDigit(s.charAt(3))) {
            return Optional.empty();
        }
        // dispatch on the length so that valid input never pays for a failed parse (an exception)
        Kind kind = switch (s.length()) {
            case 4 -> Kind.YEAR;
            case 7 -> Kind.YEAR_MONTH;
            case 10 -> Kind.DATE;
            default -> Kind.DATE_TIME;
        };
        for (Form form : FORMS) {
            if (form.kind() != kind) {
                continue;
            }
            Optional<LocalDateTime> t = tryParse(s, form);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    private static Optional<LocalDateTime> tryParse(String s, Form form) {
        try {
            return Optional.of(switch (form.kind()) {
                case DATE_TIME -> LocalDateTime.parse(s, form.formatter());
                case DATE -> LocalDate.parse(s, form.formatter()).atStartOfDay();
                case YEAR_MONTH -> YearMonth.parse(s, form.formatter()).atDay(1).atStartOfDay();
                case YEAR -> LocalDate.of(Year.parse(s, form.formatter()).getValue(), 1, 1).atStartOfDay();
            });
        } catch (DateTimeException e) { // includes DateTimeParseException
            return Optional.empty();
        }
    }

    /**
     * The regular step of a series of increasing times: a whole number of months when every time is the same
     * day-of-month and clock time and consecutive times are a whole number of months apart (monthly, quarterly,
     * yearly data), otherwise the most frequent difference between consecutive times (so a daily series with a
     * few missing days still has a step of one day).
     *
     * @param times at least two increasing times
     * @return the step
     * @throws IllegalArgumentException if fewer than two times are given
     */
    public static TimeStep inferStep(LocalDateTime[] times) {
        if (times == null || times.length < 2) {
            throw new IllegalArgumentException("times: need at least 2 times to infer a step, got "
                    + (times == null ? "null" : times.length));
        }
        Map<Long, Integer> monthCounts = new HashMap<>();
        boolean monthly = true;
        for (int i = 1; i < times.length && monthly; i++) {
            LocalDateTime a = times[i - 1];
            LocalDateTime b = times[i];
            long months = ChronoUnit.MONTHS.between(a, b);
            monthly = months > 0 && a.plusMonths(months).equals(b);
            monthCounts.merge(months, 1, Integer::sum);
        }
        if (monthly) {
            return new TimeStep(mostFrequent(monthCounts), null);
        }
        Map<Long, Integer> secondCounts = new HashMap<>();
        for (int i = 1; i < times.length; i++) {
            secondCounts.merge(Duration.between(times[i - 1], times[i]).getSeconds(), 1, Integer::sum);
        }
        return new TimeStep(0, Duration.ofSeconds(mostFrequent(secondCounts)));
    }

    private static long mostFrequent(Map<Long, Integer> counts) {
        long best = 0;
        int bestCount = -1;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    /**
     * A regular time step: either a whole number of calendar months, or a fixed duration.
     *
     * @param months   months per step, or 0 when {@code duration} is used
     * @param duration the step when {@code months == 0}
     */
    public record TimeStep(long months, Duration duration) {
        /** The time {@code steps} steps after {@code t}. */
        public LocalDateTime advance(LocalDateTime t, long steps) {
            return months > 0 ? t.plusMonths(months * steps) : t.plus(duration.multipliedBy(steps));
        }

        /** The {@code count} times that follow {@code last}, one step apart (e.g. the forecast's time stamps). */
        public LocalDateTime[] following(LocalDateTime last, int count) {
            if (count < 0) {
                throw new IllegalArgumentException("count: expected >= 0, got " + count);
            }
            LocalDateTime[] out = new LocalDateTime[count];
            for (int k = 0; k < count; k++) {
                out[k] = advance(last, k + 1L);
            }
            return out;
        }
    }
}
