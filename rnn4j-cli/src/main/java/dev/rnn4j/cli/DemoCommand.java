package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.chart.Charts;
import dev.rnn4j.demo.AddingProblem;
import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.recurrent.CellType;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnn4j demo}: vanishing gradients shown live on the adding problem. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Trains a vanilla RNN, an LSTM and a GRU on the adding problem (Hochreiter & Schmidhuber):",
                "the target is the sum of two marked numbers far apart in a long sequence. Prints each cell's",
                "test error against the trivial baseline (always answer 1, MSE 1/6) and how much gradient reaches",
                "the first step; writes a PNG of the learning curves and of gradient norm against distance."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--seq-len", description = "Sequence length T (default: ${DEFAULT-VALUE}).")
    int seqLen = 50;

    @Option(names = "--hidden", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden = 32;

    @Option(names = "--batch-size", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batchSize = 32;

    @Option(names = "--steps", description = "Training steps per cell (default: ${DEFAULT-VALUE}).")
    int steps = 2000;

    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 0.01;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--cells", split = ",", description = "Cells to train (default: RNN,LSTM,GRU).")
    List<String> cells = List.of("RNN", "LSTM", "GRU");

    @Option(names = "--out", description = "Folder for the chart (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "demo");

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Main.useThreads(threads);
        AddingProblem.Settings settings = new AddingProblem.Settings(seqLen, hidden, batchSize, steps, lr,
                Math.max(1, steps / 40), 1000, seed);
        List<AddingProblem.CellResult> results = new ArrayList<>();
        for (String name : cells) {
            CellType cell = parseCell(name);
            results.add(trainWithProgress(cell, settings));
        }
        Path chart = out.resolve("adding-problem.png");
        writeChart(chart, results);
        if (json) {
            System.out.println(toJson(results, chart));
        } else {
            printTable(results, chart);
        }
        return 0;
    }

    private static CellType parseCell(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "RNN" -> CellType.RNN_TANH;
            case "LSTM" -> CellType.LSTM;
            case "GRU" -> CellType.GRU;
            default -> throw new IllegalArgumentException("--cells: unknown cell '" + name
                    + "' (expected RNN, LSTM or GRU)");
        };
    }

    private AddingProblem.CellResult trainWithProgress(CellType cell, AddingProblem.Settings s) {
        String label = cell == CellType.RNN_TANH ? "RNN" : cell.name();
        if (System.console() == null) { // not a terminal: one line per cell, no carriage returns
            System.err.println("training " + label + " (" + s.steps() + " steps, T = " + s.seqLen() + ")...");
            return AddingProblem.train(cell, s, step -> { });
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format("%-4s", label))
                .setInitialMax(s.steps()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setUnit(" steps", 1).showSpeed().build()) {
            return AddingProblem.train(cell, s, step -> bar.stepTo(step));
        }
    }

    private static void writeChart(Path png, List<AddingProblem.CellResult> results) throws java.io.IOException {
        Map<String, double[]> curves = new LinkedHashMap<>();
        Map<String, double[]> grads = new LinkedHashMap<>();
        double[] curveX = results.get(0).curveSteps();
        double baseline = results.get(0).baselineMse();
        for (AddingProblem.CellResult r : results) {
            curves.put(r.cell(), r.curveMse());
            double[] g = r.gradNormByDistance().clone();
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.max(g[i], 1e-30); // an underflowed gradient is shown at the floor of the log axis
            }
            grads.put(r.cell(), g);
        }
        double[] base = new double[curveX.length];
        java.util.Arrays.fill(base, baseline);
        curves.put("baseline (always 1)", base);
        double[] distance = new double[results.get(0).gradNormByDistance().length];
        for (int i = 0; i < distance.length; i++) {
            distance[i] = i;
        }
        XYChart left = Charts.buildLineChart("Adding problem: test MSE", "training step", "test MSE (log)", curves,
                curveX, true);
        XYChart right = Charts.buildLineChart("Gradient reaching each input step (after training)",
                "distance from the last step", "mean ||dL/dx_t|| (log)", grads, distance, true);
        Charts.panels(png, List.of(left, right));
    }

    private static void printTable(List<AddingProblem.CellResult> results, Path chart) {
        System.out.printf(Locale.ROOT, "Adding problem, T = %d: test MSE against the trivial baseline (always answer 1)%n%n",
                results.get(0).gradNormByDistance().length);
        System.out.printf(Locale.ROOT, "%-5s %10s %10s %12s %22s %8s%n", "cell", "test MSE", "baseline", "vs baseline",
                "grad at first step", "time");
        for (AddingProblem.CellResult r : results) {
            System.out.printf(Locale.ROOT, "%-5s %10.4f %10.4f %11.1f%% %22s %7.1fs%n", r.cell(), r.testMse(),
                    r.baselineMse(), 100 * r.relativeToBaseline(),
                    r.gradientRatio() == 0 ? "< 1e-38 of last" // underflowed in float32
                            : String.format(Locale.ROOT, "%.1e of last", r.gradientRatio()), r.seconds());
        }
        System.out.println();
        for (AddingProblem.CellResult r : results) {
            String verdict = r.relativeToBaseline() < 0.1 ? "solved it" : (r.relativeToBaseline() < 0.5
                    ? "beat the baseline" : "did not beat the baseline");
            System.out.printf(Locale.ROOT, "%s %s.%n", r.cell(), verdict);
        }
        System.out.println("chart: " + chart);
    }

    private static String toJson(List<AddingProblem.CellResult> results, Path chart) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("task", "adding_problem");
        root.put("seq_len", results.get(0).gradNormByDistance().length);
        ArrayNode rows = root.putArray("results");
        for (AddingProblem.CellResult r : results) {
            ObjectNode row = rows.addObject();
            row.put("cell", r.cell());
            row.put("test_mse", r.testMse());
            row.put("baseline_mse", r.baselineMse());
            row.put("relative_to_baseline", r.relativeToBaseline());
            row.put("gradient_first_over_last", r.gradientRatio());
            row.put("seconds", r.seconds());
        }
        root.put("chart", chart.toString());
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
