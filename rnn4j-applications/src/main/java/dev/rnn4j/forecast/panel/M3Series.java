package dev.rnn4j.forecast.panel;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One M3 series split as in the competition.
 *
 * @param id          the series id ({@code N1} … {@code N3003})
 * @param frequency   yearly, quarterly, monthly or other
 * @param category    MICRO, INDUSTRY, MACRO, FINANCE, DEMOGRAPHIC or OTHER
 * @param train       the observations before the test part (n − h values)
 * @param test        the last h observations, to be forecast
 * @param period      the seasonal period m: 1, 4, 12 or 1
 * @param startYear   the year of the first observation, or 0 when unknown (all "other" series, 29 monthly)
 * @param startPeriod the quarter or month of the first observation (1-based; the workbook's quirks kept, such as
 *                    quarter 9), or 0 when unknown
 */
public record M3Series(String id, String frequency, String category, double[] train, double[] test, int period,
                       int startYear, int startPeriod) {

    /** A series whose start is unknown. */
    public M3Series(String id, String frequency, String category, double[] train, double[] test, int period) {
        this(id, frequency, category, train, test, period, 0, 0);
    }

    /** The horizon h: 6, 8, 18 or 8 by frequency. */
    public int horizon() {
        return test.length;
    }

    /** Whether the observations have calendar dates: a yearly, quarterly or monthly series with a known start. */
    public boolean hasDates() {
        return startYear > 0 && (frequency.equals("yearly") || startPeriod > 0)
                && (frequency.equals("yearly") || frequency.equals("quarterly") || frequency.equals("monthly"));
    }

    /**
     * The date of observation t (0 = the first) as seconds since 1970-01-01T00:00 UTC: 1 January of the year for
     * yearly series, else the first day of the quarter or month, counted on from the start (a start period beyond
     * the year, such as quarter 9, rolls into the following years).
     *
     * @throws IllegalStateException if the series has no dates ({@link #hasDates()})
     */
    public double epochSecond(int t) {
        if (!hasDates()) {
            throw new IllegalStateException("series '" + id + "': the start is unknown or the frequency '" + frequency
                    + "' has no calendar, so its observations have no dates");
        }
        LocalDate first = LocalDate.of(startYear, 1, 1);
        LocalDate date = switch (frequency) {
            case "yearly" -> first.plusYears(t);
            case "quarterly" -> first.plusMonths(3L * (startPeriod - 1 + t));
            default -> first.plusMonths(startPeriod - 1L + t);
        };
        return date.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }
}
