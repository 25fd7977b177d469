package dev.rnn4j.forecast;

import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.SeriesTimes;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * The data-dependent defaults, so that one command line works on monthly, daily and hourly series alike.
 *
 * <ul>
 *   <li>Season m from the time step: monthly → 12, quarterly → 4, weekly → 52, daily → 365 when the series spans
 *       at least two years (else 7), hourly → 24, other sub-daily steps → steps per day; no times → 1.</li>
 *   <li>Lookback L₀: one season, clamped to [12, 48]; the lookback itself (and the transform) is chosen among
 *       multiples of L₀ on validation rows ({@code ForecastSelection}).</li>
 *   <li>A series is <em>short</em> when it is seasonal with m ≤ 52 and its training part holds fewer than 20
 *       seasons (with the test and validation rows set aside: airline passengers 9.9, monthly car sales 7). A
 *       network cannot learn the level and the seasonal shape from so few cycles, so for short series the target
 *       is logged when strictly positive (multiplicative seasons become additive) and then either seasonally
 *       differenced (lag m) or anchored (the network predicts the change from the last value), whichever
 *       forecasts the training part's last seasons better over all lookbacks ({@code ForecastSelection.best}),
 *       and {@value #SHORT_ENSEMBLE} networks are averaged (the candidates are scored with
 *       {@value #SCORING_ENSEMBLE} each); long series are only standardised and
 *       anchored, and average 3 networks below {@value #CHEAP_ENSEMBLE_ROWS} training rows (daily temperatures),
 *       else use one (hourly pm2.5).</li>
 *   <li>A daily series with the annual season (m = 365), at least two years of training rows and neither log nor
 *       differencing (daily temperatures) is regressed on K annual Fourier pairs of the day of the year by least
 *       squares on its training rows, K ≤ {@value #MAX_FOURIER_PAIRS} by BIC, and the networks forecast the
 *       residual ({@link #annualFourier}).</li>
 *   <li>Below {@value #CHEAP_ENSEMBLE_ROWS} training rows the final networks are refitted on every window before
 *       the test part, the validation tail included ({@link #refit}); above, the early-stopped network is kept.</li>
 * </ul>
 *
 * <p>Ensemble sizes: the networks of an ensemble differ only in their seeds (ForecastTrainer's member seeds), and
 * their forecasts are averaged in the transformed space. On a series of 100–150 points one network is noisy: its
 * forecast moves by a large fraction of its error from one seed to the next, and the average of K networks has a
 * lower error than the average network. For short series K was chosen on the rows before the test part with
 * development seeds (RESULTS.md, "Single series against the classical models"): the error falls from 1 to 20
 * networks and is flat after, and 20 networks of a short series train in seconds.
 */
public final class ForecastDefaults {
    /** Seasons in the training part below which a seasonal series counts as short. */
    public static final int SHORT_SERIES_SEASONS = 20;
    /** Networks averaged for a short series. */
    public static final int SHORT_ENSEMBLE = 20;
    /** Networks per candidate while a short series' candidates are scored (the chosen one is refit with all). */
    public static final int SCORING_ENSEMBLE = 5;
    /** Training rows below which a long series averages 3 networks instead of 1. */
    public static final int CHEAP_ENSEMBLE_ROWS = 10_000;
    /** The most annual Fourier pairs the default regression of a daily target tries ({@link #annualFourier}). */
    public static final int MAX_FOURIER_PAIRS = 3;

    private ForecastDefaults() {
    }

    /** The inferred seasonal period of a frame (1 when it has no parsed times or fewer than 2 rows). */
    public static int season(SeriesFrame frame) {
        if (frame == null || !frame.hasTimes() || frame.rowCount() < 2) {
            return 1;
        }
        LocalDateTime[] times = frame.times();
        SeriesTimes.TimeStep step = SeriesTimes.inferStep(times);
        if (step.months() > 0) {
            return step.months() < 12 && 12 % step.months() == 0 ? (int) (12 / step.months()) : 1;
        }
        Duration d = step.duration();
        long seconds = d.getSeconds();
        if (seconds == 7 * 86_400L) {
            return 52;
        }
        if (seconds == 86_400L) {
            boolean twoYears = !times[0].plusYears(2).isAfter(times[times.length - 1]);
            return twoYears ? 365 : 7;
        }
        if (seconds > 0 && seconds < 86_400L && 86_400L % seconds == 0) {
            return (int) (86_400L / seconds);
        }
        return 1;
    }

    /** The base lookback L₀ for season m: m clamped to [12, 48] (the candidates are multiples of it). */
    public static int lookback(int season) {
        return Math.max(12, Math.min(48, season));
    }

    /**
     * Networks averaged when the options leave it open: {@value #SHORT_ENSEMBLE} for a short series, 3 for a long
     * one with fewer than {@link #CHEAP_ENSEMBLE_ROWS} training rows (three networks still train in about a minute),
     * else 1.
     */
    public static int ensemble(int trainRows, int season) {
        if (isShort(trainRows, season)) {
            return SHORT_ENSEMBLE;
        }
        return trainRows < CHEAP_ENSEMBLE_ROWS ? 3 : 1;
    }

    /**
     * Whether the final networks are refitted on every window before the test part, the validation tail included,
     * for their best epoch's optimiser steps ({@code ForecastRefit}) when the options leave it open: below
     * {@link #CHEAP_ENSEMBLE_ROWS} training rows (short series and daily temperatures, where it lowered the error on
     * development data, RESULTS.md), not above (hourly pm2.5, where it was flat, keeps the early-stopped network).
     */
    public static boolean refit(int trainRows) {
        return trainRows < CHEAP_ENSEMBLE_ROWS;
    }

    /**
     * Whether the target is regressed on annual Fourier pairs of the day of the year before the other transform
     * steps when the options leave it open ({@link ForecastOptions#fourier}): for a daily series with the annual
     * season ({@code m = 365}) and at least two years of training rows, neither logged nor differenced (daily
     * temperatures; RESULTS.md, "Single series against the classical models"). The networks then forecast the
     * residual, and the number of pairs is chosen in {@code 1..}{@value #MAX_FOURIER_PAIRS} by the BIC of the
     * least-squares fit on the training rows ({@link dev.rnn4j.series.AnnualFourier#choosePairs}).
     */
    public static boolean annualFourier(int season, int trainRows, boolean log, int differencingLag) {
        return season == 365 && trainRows >= 2 * 365 && !log && differencingLag == 0;
    }

    /** Whether a series with this training length and season is short (see the class comment). */
    public static boolean isShort(int trainRows, int season) {
        return season > 1 && season <= 52 && trainRows < SHORT_SERIES_SEASONS * season;
    }
}
