package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.io.ReplaceFile;
import dev.rnn4j.series.ForecastEvaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the {@code forecast} commands print and write about scores: the table of the model against its baselines,
 * the metrics JSON, and the atomic file writes the commands share.
 */
final class ForecastReports {

    private ForecastReports() {
    }

    static void printTable(List<ForecastEvaluation.Result> results, String what) {
        ForecastEvaluation.Result first = results.get(0);
        System.out.printf(Locale.ROOT, "%s: %d origin(s), %d forecast points, MASE scale %.4g%n", what,
                first.origins().size(), first.aggregate().count(), first.maseScale());
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %8s %9s %9s%n", "forecaster", "RMSE", "MAE", "MASE", "MAPE%",
                "sMAPE%");
        for (ForecastEvaluation.Result r : results) {
            ForecastEvaluation.Scores s = r.aggregate();
            System.out.printf(Locale.ROOT, "%-22s %12.4f %12.4f %8.4f %9.3f %9.3f%n", r.forecaster(), s.rmse(),
                    s.mae(), s.mase(), s.mape(), s.smape());
        }
        ForecastEvaluation.Result best = bestBaseline(results);
        System.out.printf(Locale.ROOT, "best baseline: %s; model RMSE %+.1f%% against it%n", best.forecaster(),
                100 * (first.aggregate().rmse() / best.aggregate().rmse() - 1));
    }

    static ForecastEvaluation.Result bestBaseline(List<ForecastEvaluation.Result> results) {
        ForecastEvaluation.Result best = null;
        for (ForecastEvaluation.Result r : results.subList(1, results.size())) {
            if (best == null || r.aggregate().rmse() < best.aggregate().rmse()) {
                best = r;
            }
        }
        return best;
    }

    static ObjectNode metrics(Path csv, ForecastModel model, List<ForecastEvaluation.Result> results, int firstOrigin,
                              int step) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("csv", csv.toString()).put("target", model.data().target()).put("horizon", model.horizon())
                .put("first_origin_row", firstOrigin).put("step", step).put("season", model.season())
                .put("origins", results.get(0).origins().size())
                .put("points", results.get(0).aggregate().count()).put("mase_scale", results.get(0).maseScale())
                .put("model_description", model.describe());
        scores(root.putObject("model"), results.get(0));
        ObjectNode baselines = root.putObject("baselines");
        for (ForecastEvaluation.Result r : results.subList(1, results.size())) {
            scores(baselines.putObject(r.forecaster()), r);
        }
        ForecastEvaluation.Result best = bestBaseline(results);
        root.put("best_baseline", best.forecaster());
        root.put("model_beats_best_baseline_rmse", results.get(0).aggregate().rmse() < best.aggregate().rmse());
        return root;
    }

    private static void scores(ObjectNode node, ForecastEvaluation.Result r) {
        ForecastEvaluation.Scores s = r.aggregate();
        node.put("rmse", s.rmse()).put("mae", s.mae()).put("mase", s.mase()).put("mape", s.mape())
                .put("smape", s.smape()).put("count", s.count());
    }

    static void writeJson(Path file, ObjectNode json) throws IOException {
        writeAtomically(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
    }

    /** Replaces {@code file} through a temporary sibling; a sibling left by a killed write goes at the next one. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        ReplaceFile.write(abs, bytes);
    }
}
