package dev.rnn4j.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.TrainingRun;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.series.Windows;
import dev.rnn4j.tensor.Rng;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refitting on the validation tail: early stopping trains each network on the windows whose targets end before the
 * validation tail and uses the tail only to find the best epoch E, so the most recent rows before the test part
 * train no weight. The refit trains each network again from the same initial weights (its member seed) on every
 * window whose targets end before the test part, training and validation tail together, for about as many
 * optimiser steps as its first E epochs took, without early stopping, and keeps that network (the usual practice
 * with Keras, GluonTS or darts once the epoch count is known).
 *
 * <p>The epoch count keeps the number of optimiser steps: E times the early-stopped training's steps per epoch
 * over the refit's ({@link #epochs}), so a network that stopped after a few updates is not trained further because
 * the tail added a mini-batch per epoch (on development data E epochs unchanged lost on a short series whose tail
 * doubled the steps per epoch: RESULTS.md, "Single series against the classical models"). The target transform,
 * covariate scalers and encoders stay as fitted on the training rows (the tail is transformed with them, as the
 * test part is). The refit has its own wall-time budget, the same as the early-stopped training's
 * ({@code maxSeconds} shared by the networks).
 *
 * <p>The training facts record it: {@code "refit": true}, {@code "refit_windows"}, and per member
 * {@code "refit_epochs"} (planned), {@code "refit_epochs_completed"} (fewer when the time budget ran out),
 * {@code "refit_stopped_by"} and {@code "refit_seconds"}.
 */
final class ForecastRefit {

    private ForecastRefit() {
    }

    /**
     * The refit of an early-stopped model.
     *
     * @param stopped the model as trained with early stopping ({@link ForecastTrainer}): its training facts give each
     *                member's seed and best epoch
     * @param known   the rows before the test part, the same columns as the model was trained on
     * @param options the training options (learning rate, batch size, budget)
     * @param run     checkpoints go to {@code run.dir()/refit-k}
     * @return the model with the refitted networks, or {@code stopped} (with {@code "refit": false} and the reason)
     *         when it had no validation windows, so nothing was held out
     */
    static ForecastModel refit(ForecastModel stopped, SeriesFrame known, ForecastOptions options, TrainingRun run)
            throws IOException {
        if (stopped == null || known == null || options == null || run == null) {
            throw new IllegalArgumentException("stopped, known, options, run: expected non-null arguments");
        }
        ObjectNode info = stopped.trainingInfo();
        JsonNode members = info.path("members");
        if (info.path("validation_windows").asInt(0) == 0) {
            info.put("refit", false).put("refit_skipped", "no validation windows: early stopping held nothing out");
            return stopped.withTrainingInfo(info);
        }
        if (!members.isArray() || members.size() != stopped.members().size()) {
            throw new IllegalArgumentException("stopped: expected training facts for its " + stopped.members().size()
                    + " networks, got " + members.size());
        }
        Windows all = ForecastTrainer.windows(stopped, known, 0, known.rowCount());
        int count = stopped.members().size();
        double budget = options.maxSeconds() / count;
        List<ForecastNetwork> nets = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            ObjectNode member = (ObjectNode) members.get(k);
            long seed = ForecastTrainer.memberSeed(options.seed(), k);
            if (member.path("seed").asLong() != seed) {
                throw new IllegalArgumentException("options: expected the seed the model was trained with (member " + k
                        + " seed " + member.path("seed").asLong() + "), got member seed " + seed);
            }
            int epochs = epochs(member.path("best_epoch").asInt(1), info.path("train_windows").asInt(),
                    all.count(), options.batchSize());
            Rng rng = new Rng(seed);
            ForecastNetwork first = stopped.members().get(k);
            ForecastNetwork net = new ForecastNetwork(stopped.cell(), first.features(), stopped.hidden(),
                    stopped.layers(), stopped.dropout(), first.outputs(), rng);
            if (run.log() != null) {
                run.log().printf(Locale.ROOT, "refit %d of %d: %d windows (the validation tail's included), %d epochs,"
                        + " seed %d%n", k + 1, count, all.count(), epochs, seed);
            }
            ObjectNode fit = ForecastTrainer.fit(net, k, all, null, options, epochs, budget, rng, run, "refit-");
            member.put("refit_epochs", epochs).put("refit_epochs_completed", fit.path("epochs").asInt())
                    .put("refit_stopped_by", fit.path("stopped_by").asText())
                    .put("refit_seconds", fit.path("seconds").asDouble());
            nets.add(net);
        }
        info.put("refit", true).put("refit_windows", all.count());
        return stopped.withMembers(nets, info);
    }

    /**
     * The refit's epochs: the best epoch E scaled by the ratio of optimiser steps per epoch, early-stopped training
     * over refit ({@code ceil(windows / batch)} each), rounded, at least 1, so that the refit takes about as many
     * steps as the first E epochs did.
     */
    static int epochs(int bestEpoch, int trainWindows, int refitWindows, int batchSize) {
        double ratio = Math.ceil((double) trainWindows / batchSize) / Math.ceil((double) refitWindows / batchSize);
        return Math.max(1, (int) Math.round(Math.max(1, bestEpoch) * ratio));
    }
}
