package dev.rnn4j.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.series.SeriesFrame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The automatic choice of lookback and target transform, made on the rows before the test part only.
 *
 * <p>Candidates ({@link #candidates}): the lookbacks and transforms the options leave open (a lookback, log,
 * differencing or anchoring given by the user is kept as given):
 * <ul>
 *   <li>short seasonal series ({@link ForecastDefaults#isShort}): lookback L₀, 2L₀ and 3L₀ (L₀ =
 *       {@link ForecastDefaults#lookback}, one year of a monthly series), each with two transforms: log (when the
 *       training part is positive) + seasonal differencing, and log + anchored (the network predicts the change
 *       from the window's last value, no differencing);</li>
 *   <li>long series: lookback L₀ / 2 and L₀, no log, no differencing, anchored (each candidate of a long
 *       series costs a full training, and longer windows cost proportionally more).</li>
 * </ul>
 * A candidate that leaves fewer than {@link #MIN_WINDOWS} training windows in its smallest fold is left out.
 *
 * <p>Scoring: the root mean squared error of the forecasts in the original scale, origins H apart.
 * <ul>
 *   <li>Short series have a validation tail of one or two horizons, too few points to choose on, so they are
 *       scored by rolling origins: with B the validation tail rounded down to a multiple of H ({@link #block}),
 *       fold f (f = 0 .. {@link #SHORT_FOLDS} - 1) trains each candidate on the rows before {@code n - (f + 1)B}
 *       (n: rows before the test part; its own last rows are its early-stopping set) and forecasts the B rows
 *       {@code [n - (f + 1)B, n - fB)} from origins H apart; a candidate's error is the geometric mean of its
 *       fold RMSEs, and the transform is chosen before the lookback ({@link #best}). Each candidate
 *       is scored with at most {@link ForecastDefaults#SCORING_ENSEMBLE} networks; the chosen candidate is then
 *       trained once more on all n rows (with the usual validation tail for early stopping) with the whole
 *       ensemble ({@link ForecastDefaults#ensemble}).</li>
 *   <li>Long series have a validation tail of hundreds of origins: each candidate is trained as the final model
 *       would be and scored on that tail; the best model is kept as trained.</li>
 * </ul>
 * Every training and scoring here sees {@code frame.rows(0, n)}: the test part is never read. Candidate
 * trainings write no checkpoints, so only the final training of a short series can be resumed.
 */
final class ForecastSelection {
    /** Rolling origins for short series. */
    static final int SHORT_FOLDS = 3;
    /** Lookback multiples of L₀ tried for short series. */
    static final int[] SHORT_LOOKBACK_MULTIPLES = {1, 2, 3};
    /** Fewest training windows a candidate must leave in its smallest fold. */
    static final int MIN_WINDOWS = 12;

    private ForecastSelection() {
    }

    /**
     * One configuration tried.
     *
     * @param lookback L
     * @param log      ln(y) before anything else
     * @param diff     seasonal differencing (lag m, or 1 without a season)
     * @param anchored the network predicts the change from the window's last value
     */
    record Candidate(int lookback, boolean log, boolean diff, boolean anchored) {
        String label() {
            List<String> parts = new ArrayList<>();
            if (log) {
                parts.add("log");
            }
            if (diff) {
                parts.add("seasonal diff");
            }
            if (anchored) {
                parts.add("anchored");
            }
            return String.format(Locale.ROOT, "lookback %d, %s", lookback,
                    parts.isEmpty() ? "level" : String.join(" + ", parts));
        }
    }

    /**
     * A candidate's validation error (NaN when it could not be scored): the RMSE over all scored points, and the
     * RMSE of each fold (latest fold first; one entry for a long series).
     */
    record Score(Candidate candidate, double rmse, int points, double[] foldRmse) {
        Score(Candidate candidate, double rmse, int points) {
            this(candidate, rmse, points, new double[] {rmse});
        }
    }

    /** What the data decide before any candidate is trained. */
    record Plan(int available, int season, boolean isShort, int ensemble, int block, List<Candidate> candidates) {
        int folds() {
            return isShort ? SHORT_FOLDS : 1;
        }

        /**
         * Networks per candidate while scoring: a short series' candidates are refitted afterwards, so they are
         * scored with at most {@link ForecastDefaults#SCORING_ENSEMBLE} networks and only the refit trains all
         * {@code ensemble}; a long series keeps the scored model, so its candidates train all of them.
         */
        int scoringEnsemble() {
            return isShort ? Math.min(ensemble, ForecastDefaults.SCORING_ENSEMBLE) : ensemble;
        }
    }

    /**
     * Rows scored per fold: the validation tail rounded down to a multiple of H, at least H (airline and car
     * sales: 12; a short hourly series forecast one step ahead: its whole validation tail).
     */
    static int block(int validation, int h) {
        return Math.max(h, validation / h * h);
    }

    /**
     * Trains the model: the only candidate as it is, or each candidate scored on validation data and the best
     * refit (short series) or kept (long series). The choice and every candidate's score are printed to
     * {@code run.log()} and saved under {@code "selection"} in the model's training facts.
     */
    static ForecastModel train(SeriesFrame frame, ForecastData data, ForecastOptions options, int testSize,
                               TrainingRun run) throws IOException {
        if (frame == null || data == null || options == null || run == null) {
            throw new IllegalArgumentException("frame, data, options, run: expected non-null arguments");
        }
        if (testSize < 0 || testSize >= frame.rowCount()) {
            return ForecastTrainer.train(frame, data, options, testSize, run); // the trainer explains the error
        }
        int available = frame.rowCount() - testSize;
        SeriesFrame known = frame.rows(0, available); // the test part is never read from here on
        Plan plan = plan(known, data, options);
        if (plan.candidates().isEmpty()) {
            // the trainer explains what is short, or trains the options as given when only the folds are too short
            return refitIfAsked(ForecastTrainer.train(frame, data, options, testSize, run), known, options, plan, run);
        }
        if (plan.candidates().size() == 1) {
            ForecastModel model = ForecastTrainer.train(frame, data,
                    fix(options, plan.candidates().get(0), plan.ensemble()), testSize, run);
            return refitIfAsked(model, known, options, plan, run);
        }
        List<Score> scores = new ArrayList<>();
        List<ForecastModel> kept = new ArrayList<>();
        for (int c = 0; c < plan.candidates().size(); c++) {
            Candidate candidate = plan.candidates().get(c);
            ForecastOptions fixed = fix(options, candidate, plan.scoringEnsemble());
            double sumSquares = 0;
            int points = 0;
            double[] foldRmse = new double[plan.folds()];
            ForecastModel model = null;
            for (int f = 0; f < plan.folds(); f++) {
                double foldSquares = 0;
                int foldPoints = 0;
                int end = plan.isShort() ? available - f * plan.block() : available;
                int scoredRows = plan.block();
                // candidates write no checkpoints: they are many, cheap, and not resumed
                TrainingRun quiet = TrainingRun.silent();
                SeriesFrame part = known.rows(0, end);
                // short: the fold's scored rows are its own test part; long: the final model's validation tail
                model = ForecastTrainer.train(part, data, fixed, plan.isShort() ? scoredRows : 0, quiet);
                double[] y = part.values(data.target());
                int h = options.horizon();
                int count = scoredRows / h;
                int[] origins = new int[count];
                for (int i = 0; i < count; i++) {
                    origins[i] = end - scoredRows + i * h;
                }
                double[][] forecasts = model.forecast(part, origins);
                for (int i = 0; i < count; i++) {
                    for (int s = 0; s < h; s++) {
                        double d = forecasts[i][s] - y[origins[i] + s];
                        foldSquares += d * d;
                        foldPoints++;
                    }
                }
                foldRmse[f] = foldPoints == 0 ? Double.NaN : Math.sqrt(foldSquares / foldPoints);
                sumSquares += foldSquares;
                points += foldPoints;
            }
            double rmse = points == 0 ? Double.NaN : Math.sqrt(sumSquares / points);
            scores.add(new Score(candidate, rmse, points, foldRmse));
            kept.add(model);
            if (run.log() != null) {
                run.log().printf(Locale.ROOT, "candidate %d of %d: %-40s validation RMSE %.4f (%d points)%s%n",
                        c + 1, plan.candidates().size(), candidate.label(), rmse, points, foldRmse.length < 2 ? ""
                                : "; folds, latest first: " + String.join(" / ", Arrays.stream(foldRmse)
                                .mapToObj(r -> String.format(Locale.ROOT, "%.4f", r)).toList()));
            }
        }
        int best = best(scores);
        Candidate chosen = scores.get(best).candidate();
        if (run.log() != null) {
            run.log().printf(Locale.ROOT, "chosen on validation: %s%n", chosen.label());
        }
        ForecastModel model = plan.isShort()
                ? ForecastTrainer.train(known, data, fix(options, chosen, plan.ensemble()), 0, run)
                : kept.get(best);
        model = refitIfAsked(model, known, fix(options, chosen, plan.ensemble()), plan, run);
        ObjectNode info = model.trainingInfo();
        info.put("test_rows", testSize);
        info.set("selection", selectionInfo(plan, scores, chosen, options.horizon()));
        return model.withTrainingInfo(info);
    }

    /**
     * The final model refitted on every window before the test part ({@link ForecastRefit}) when the options ask
     * for it or, left open, when {@link ForecastDefaults#refit} does for this kind of series; else the model as
     * trained, with {@code "refit": false} in its training facts.
     */
    private static ForecastModel refitIfAsked(ForecastModel model, SeriesFrame known, ForecastOptions options,
                                              Plan plan, TrainingRun run) throws IOException {
        boolean refit = options.refit() != null ? options.refit()
                : ForecastDefaults.refit(trainRows(options, plan.available()));
        if (refit) {
            return ForecastRefit.refit(model, known, options, run);
        }
        ObjectNode info = model.trainingInfo();
        info.put("refit", false);
        return model.withTrainingInfo(info);
    }

    /**
     * The chosen candidate's index. Each candidate's error is the mean over its folds of ln(fold RMSE), i.e. the
     * geometric mean of its fold RMSEs ({@link #logError}), so that every fold counts by its ratios between
     * candidates and one unusual stretch (a year whose level breaks from the trend, where every candidate's error
     * is several times the other folds') cannot decide alone; with one fold it orders as the RMSE. The choice is
     * made in two steps:
     * <ol>
     *   <li>the transform (log, differencing, anchoring) whose candidates have the lowest mean error over all their
     *       lookbacks;</li>
     *   <li>among that transform's candidates, the lookback with the lowest error.</li>
     * </ol>
     * The transform decides the forecast far more than the lookback, and one candidate's score on a few dozen
     * points is noisy: scoring the transform on every lookback keeps one lucky or unlucky candidate from flipping
     * it. When all candidates share one transform this is the candidate with the lowest error. Candidates with no
     * finite error are left out; the first candidate when none is finite.
     */
    static int best(List<Score> scores) {
        Map<List<Boolean>, double[]> byTransform = new LinkedHashMap<>(); // transform -> {sum of errors, count}
        for (Score s : scores) {
            double e = logError(s);
            if (Double.isFinite(e)) {
                double[] sum = byTransform.computeIfAbsent(transform(s.candidate()), k -> new double[2]);
                sum[0] += e;
                sum[1]++;
            }
        }
        List<Boolean> bestTransform = null;
        double bestMean = Double.POSITIVE_INFINITY;
        for (Map.Entry<List<Boolean>, double[]> e : byTransform.entrySet()) {
            double mean = e.getValue()[0] / e.getValue()[1];
            if (mean < bestMean) {
                bestMean = mean;
                bestTransform = e.getKey();
            }
        }
        int best = 0;
        double bestError = Double.POSITIVE_INFINITY;
        for (int i = 0; i < scores.size(); i++) {
            double e = logError(scores.get(i));
            if (Double.isFinite(e) && transform(scores.get(i).candidate()).equals(bestTransform) && e < bestError) {
                bestError = e;
                best = i;
            }
        }
        return best;
    }

    /**
     * The mean over a score's folds of ln(fold RMSE) (a fold RMSE of 0 counts as the smallest normal double); NaN
     * when it has no folds or a fold's RMSE is not finite.
     */
    static double logError(Score s) {
        if (s.foldRmse().length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double r : s.foldRmse()) {
            if (!Double.isFinite(r)) {
                return Double.NaN;
            }
            sum += Math.log(Math.max(r, Double.MIN_NORMAL));
        }
        return sum / s.foldRmse().length;
    }

    // (log, diff, anchored): what a candidate does to the target, apart from its lookback
    private static List<Boolean> transform(Candidate c) {
        return List.of(c.log(), c.diff(), c.anchored());
    }

    /**
     * The candidates and fold layout for the rows before the test part ({@code known}); the test part is not an
     * argument.
     */
    static Plan plan(SeriesFrame known, ForecastData data, ForecastOptions options) {
        int available = known.rowCount();
        int h = options.horizon();
        int season = options.season() != null ? options.season() : ForecastDefaults.season(known);
        int validation = validationRows(options, available);
        boolean isShort = ForecastDefaults.isShort(available - validation, season);
        int ensemble = options.ensemble() != null ? options.ensemble()
                : ForecastDefaults.ensemble(available - validation, season);
        double[] y = known.values(data.target());
        boolean positive = Arrays.stream(y).allMatch(v -> v > 0);
        int base = ForecastDefaults.lookback(season);

        List<Integer> lookbacks = new ArrayList<>();
        if (options.lookback() != null) {
            lookbacks.add(options.lookback());
        } else if (isShort) {
            for (int k : SHORT_LOOKBACK_MULTIPLES) {
                lookbacks.add(k * base);
            }
        } else {
            lookbacks.add(Math.max(1, base / 2));
            lookbacks.add(base);
        }
        // transforms: (log, diff, anchored); the user's choices replace the grid's
        List<boolean[]> grid = isShort
                ? List.of(new boolean[] {positive, true, false}, new boolean[] {positive, false, true})
                : List.of(new boolean[] {false, false, true});
        Set<Candidate> candidates = new LinkedHashSet<>();
        int folds = isShort ? SHORT_FOLDS : 1;
        for (int lookback : lookbacks) {
            for (boolean[] t : grid) {
                boolean log = options.log() != null ? options.log() : t[0];
                boolean diff = options.diff() != null ? options.diff() : t[1];
                // a differencing choice given by the user keeps the rule "anchored when not differenced"
                boolean anchored = options.anchor() != null ? options.anchor()
                        : options.diff() != null ? !diff : t[2];
                Candidate candidate = new Candidate(lookback, log, diff, anchored);
                if (fits(candidate, available, folds, block(validation, h), isShort, season, h, options)) {
                    candidates.add(candidate);
                }
            }
        }
        return new Plan(available, season, isShort, ensemble, block(validation, h), List.copyOf(candidates));
    }

    // enough training windows in the smallest fold (short series: the fold ending (folds - 1) blocks early)
    private static boolean fits(Candidate c, int available, int folds, int block, boolean isShort, int season,
                                int h, ForecastOptions options) {
        int lag = c.diff() ? (season > 1 ? season : 1) : 0;
        int end = isShort ? available - (folds - 1) * block : available;
        int rows = isShort ? end - block : end; // short folds hold out their last block for scoring
        int trainRows = rows - validationRows(options, rows) - lag;
        boolean recursive = options.strategy() == ForecastOptions.Strategy.RECURSIVE;
        return trainRows - c.lookback() - (recursive ? 1 : h) + 1 >= MIN_WINDOWS;
    }

    // the rows that train a network (the early-stopping rows set aside) in a training part of `available` rows
    private static int trainRows(ForecastOptions options, int available) {
        return available - validationRows(options, available);
    }

    // the trainer's early-stopping rows for a training part of `available` rows
    private static int validationRows(ForecastOptions options, int available) {
        return options.validationSize() != null ? options.validationSize()
                : Math.max(options.horizon(), (int) Math.round(0.1 * available));
    }

    private static ForecastOptions fix(ForecastOptions o, Candidate c, int ensemble) {
        return new ForecastOptions(o.horizon(), c.lookback(), o.season(), c.log(), c.diff(), c.anchored(),
                o.strategy(), o.cell(), o.hidden(), o.layers(), o.dropout(), o.calendar(), ensemble,
                o.validationSize(), o.maxEpochs(), o.patience(), o.batchSize(), o.learningRate(), o.maxSeconds(),
                o.seed(), o.refit(), o.fourier());
    }

    private static ObjectNode selectionInfo(Plan plan, List<Score> scores, Candidate chosen, int h) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("method", plan.isShort()
                ? String.format(Locale.ROOT, "rolling origins: %d folds of %d rows before the test part, origins %d"
                + " apart", plan.folds(), plan.block(), h)
                : String.format(Locale.ROOT, "the last %d rows before the test part, origins %d apart",
                plan.block(), h));
        node.put("metric", "rmse of each fold; candidates ordered by the geometric mean over their folds, the transform"
                + " chosen over all its lookbacks first");
        node.put("networks_per_candidate", plan.scoringEnsemble());
        ArrayNode list = node.putArray("candidates");
        for (Score s : scores) {
            ObjectNode entry = candidateNode(s.candidate()).put("validation_rmse", s.rmse()).put("points", s.points());
            ArrayNode folds = entry.putArray("fold_rmse");
            for (double r : s.foldRmse()) {
                folds.add(r);
            }
            list.add(entry);
        }
        node.set("chosen", candidateNode(chosen));
        return node;
    }

    private static ObjectNode candidateNode(Candidate c) {
        return new ObjectMapper().createObjectNode().put("lookback", c.lookback()).put("log", c.log())
                .put("diff", c.diff()).put("anchored", c.anchored());
    }
}
