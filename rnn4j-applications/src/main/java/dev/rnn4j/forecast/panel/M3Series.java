package dev.rnn4j.forecast.panel;

/**
 * One M3 series split as in the competition.
 *
 * @param id        the series id ({@code N1} … {@code N3003})
 * @param frequency yearly, quarterly, monthly or other
 * @param category  MICRO, INDUSTRY, MACRO, FINANCE, DEMOGRAPHIC or OTHER
 * @param train     the observations before the test part (n − h values)
 * @param test      the last h observations, to be forecast
 * @param period    the seasonal period m: 1, 4, 12 or 1
 */
public record M3Series(String id, String frequency, String category, double[] train, double[] test, int period) {

    /** The horizon h: 6, 8, 18 or 8 by frequency. */
    public int horizon() {
        return test.length;
    }
}
