package dev.rnn4j.explain;

import java.util.List;

/**
 * What a {@link SeriesExplainer} says about one forecast.
 *
 * @param target       the forecast column
 * @param features     (F) the network's input columns, the target first
 * @param times        (L) the time label of each window step (the row number when the file has no times)
 * @param window       (L) the target's values at the window's steps, in the original scale
 * @param forecast     (H) the point forecast after the window, original scale
 * @param lower        (H) the lower end of the Monte Carlo dropout band, or null for a model without dropout
 * @param upper        (H) its upper end, or null
 * @param forecastTimes (H) the times of the forecast values, or their offsets ({@code +1}, ...) when unknown
 * @param step         the explained forecast step, 0-based
 * @param explained    what the scores explain, in words
 * @param baseline     the baseline, in words
 * @param attribution  the scores: one per window step, and (L, F) per step and feature
 * @param cells        the first ensemble member's recurrent states and gates at each window step
 *                     ({@link CellInspector})
 */
public record SeriesExplanation(String target, List<String> features, List<String> times, double[] window,
                                double[] forecast, double[] lower, double[] upper, List<String> forecastTimes,
                                int step, String explained, String baseline, Attribution attribution,
                                CellTrace cells) {
}
