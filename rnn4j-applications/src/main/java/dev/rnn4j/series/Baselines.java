package dev.rnn4j.series;

import java.util.List;

/** The standard set of baseline forecasters. */
public final class Baselines {
    private Baselines() {
    }

    /**
     * Naive, seasonal naive with period m (omitted when m = 1, where it equals naive), drift and moving average
     * with window w, in that order.
     */
    public static List<Forecaster> standard(int seasonalPeriod, int movingAverageWindow) {
        if (seasonalPeriod < 1) {
            throw new IllegalArgumentException("seasonalPeriod: expected >= 1 (1 for a series without seasons), got "
                    + seasonalPeriod);
        }
        if (seasonalPeriod == 1) {
            return List.of(new NaiveForecaster(), new DriftForecaster(),
                    new MovingAverageForecaster(movingAverageWindow));
        }
        return List.of(new NaiveForecaster(), new SeasonalNaiveForecaster(seasonalPeriod), new DriftForecaster(),
                new MovingAverageForecaster(movingAverageWindow));
    }
}
