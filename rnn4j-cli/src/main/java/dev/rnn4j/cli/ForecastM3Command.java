package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.panel.ClassicalMethod;
import dev.rnn4j.forecast.panel.M3Data;
import dev.rnn4j.forecast.panel.M3Evaluation;
import dev.rnn4j.forecast.panel.M3Series;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnn4j forecast m3}: a classical method scored on the M3 competition data with the official protocol. */
@Command(name = "m3", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores naive, seasonal naive or Theta on the M3 competition series (Makridakis & Hibon 2000) "
                + "with the official protocol: the last h = 6/8/18/8 points (yearly/quarterly/monthly/other) of each "
                + "series forecast once from the rest. Prints sMAPE (the M3 paper's formula; also with |y| + |f| "
                + "denominators) and MASE (seasonal-naive scale, period 1/4/12/1) per frequency, per category and "
                + "over all series.")
final class ForecastM3Command implements Callable<Integer> {
    @Option(names = "--data", required = true,
            description = "Folder with m3-info.csv and m3-FREQUENCY-train.csv / -test.csv.")
    Path data;
    @Option(names = "--method", description = "naive, snaive or theta (default: ${DEFAULT-VALUE}).")
    String method = "theta";
    @Option(names = "--frequencies", split = ",",
            description = "Some of yearly, quarterly, monthly, other (default: all four).")
    List<String> frequencies = M3Data.FREQUENCIES;
    @Option(names = "--metrics-json", description = "Write the table here as JSON.")
    Path metricsJson;

    @Override
    public Integer call() throws Exception {
        ClassicalMethod chosen = ClassicalMethod.fromCliName(method);
        long start = System.nanoTime();
        List<M3Series> series = M3Data.load(data, frequencies);
        List<M3Evaluation.Row> rows = M3Evaluation.table(M3Evaluation.score(series, chosen));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "M3, method %s: %d series in %.1f s%n%n", chosen.cliName(),
                series.size(), seconds);
        System.out.print(M3Evaluation.markdown(rows));
        if (metricsJson != null) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("data", data.toString());
            json.put("method", chosen.cliName());
            json.put("series", series.size());
            ArrayNode table = json.putArray("rows");
            for (M3Evaluation.Row r : rows) {
                ObjectNode row = table.addObject();
                row.put("frequency", r.frequency());
                row.put("category", r.category());
                row.put("series", r.series());
                row.put("points", r.points());
                row.put("smape", r.smape());
                row.put("smape_abs", r.smapeAbs());
                row.put("mase", r.mase());
            }
            ForecastCommand.writeJson(metricsJson, json);
            System.out.println("metrics: " + metricsJson);
        }
        return 0;
    }
}
