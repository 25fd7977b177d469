package dev.rnn4j.cli;

import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.explain.Attribution;
import dev.rnn4j.explain.Attributions;
import dev.rnn4j.explain.ExplanationHtml;
import dev.rnn4j.explain.ExplanationJson;
import dev.rnn4j.explain.Method;
import dev.rnn4j.explain.SeriesBaseline;
import dev.rnn4j.explain.SeriesExplainer;
import dev.rnn4j.explain.SeriesExplanation;
import dev.rnn4j.explain.TextExplainer;
import dev.rnn4j.explain.TextExplanation;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastPredictor;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.series.SeriesFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j explain}: attributions of a trained classifier's or forecaster's outputs, written as one
 * self-contained HTML page ({@link ExplanationHtml}) and optionally as JSON with the same numbers.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains a trained model's outputs: which tokens made the classifier decide, which past"
                + " values drove the forecast. Writes one self-contained HTML page (and --json).",
                "Classifier: --input TEXT... or --file F (one text per line). Forecaster: --csv F --rows A:B (the"
                        + " history, 1-based data rows A to B inclusive; the forecast follows row B)."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model folder (classify train or forecast train).")
    Path model;

    @Option(names = "--input", arity = "1..*", paramLabel = "TEXT", description = "Texts to explain (classifier).")
    List<String> inputs;

    @Option(names = "--file", description = "A file of texts to explain, one per line (classifier).")
    Path file;

    @Option(names = "--csv", description = "A CSV file with the model's columns (forecaster).")
    Path csv;

    @Option(names = "--rows", paramLabel = "A:B", description = "The history in --csv: data rows A to B, 1-based,"
            + " inclusive (forecaster).")
    String rows;

    @Option(names = "--method", description = "ig (integrated gradients), occlusion or gradxinput"
            + " (default: ${DEFAULT-VALUE}).")
    String method = "ig";

    @Option(names = "--steps", description = "Trapezoid intervals of integrated gradients (default: ${DEFAULT-VALUE}).")
    int steps = Attributions.DEFAULT_STEPS;

    @Option(names = "--baseline", description = "Forecaster: zeros or last, the window integrated gradients start"
            + " from (default: ${DEFAULT-VALUE}).")
    String baseline = "zeros";

    @Option(names = "--forecast-step", description = "Forecaster: the forecast value to explain, 1-based"
            + " (default: ${DEFAULT-VALUE}).")
    int forecastStep = 1;

    @Option(names = "--html", required = true, description = "The HTML report to write.")
    Path html;

    @Option(names = "--json", description = "Also write the numbers as JSON here.")
    Path json;

    @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps: expected at least 1 trapezoid interval, got " + steps);
        }
        Method m = Method.parse(method);
        SeriesBaseline reference = SeriesBaseline.parse(baseline);
        String task = Predictors.task(model);
        Main.useThreads(threads);
        String page;
        String numbers;
        if (task.equals(ForecastModel.TASK)) {
            if (inputs != null || file != null) {
                throw new IllegalArgumentException("--input, --file: " + model + " is a forecaster; give its history"
                        + " with --csv F --rows A:B");
            }
            ForecastModel forecaster = ForecastPredictor.load(model).model();
            SeriesFrame history = history(forecaster);
            SeriesExplanation e = new SeriesExplainer(forecaster).explain(history, m, steps, reference,
                    forecastStep - 1);
            report(1, e.attribution(), "forecast " + String.format(Locale.ROOT, "%.4g", e.forecast()[e.step()])
                    + " at " + e.forecastTimes().get(e.step()));
            page = ExplanationHtml.ofSeries(model.toString(), m, steps, List.of(e));
            numbers = ExplanationJson.ofSeries(model.toString(), m, steps, List.of(e));
        } else {
            if (csv != null || rows != null) {
                throw new IllegalArgumentException("--csv, --rows: " + model + " is not a forecaster (task \"" + task
                        + "\"); give texts with --input or --file");
            }
            TextClassifier classifier = TextClassifier.load(model);
            TextExplainer explainer = new TextExplainer(classifier);
            List<String> texts = texts();
            List<TextExplanation> explanations = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                try {
                    explanations.add(explainer.explain(texts.get(i), m, steps));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(source(i) + ": " + ex.getMessage(), ex);
                }
                TextExplanation e = explanations.get(i);
                report(i + 1, e.attribution(), "'" + e.label() + "' (" + String.format(Locale.ROOT, "%.4f",
                        e.probabilities().get(e.label())) + ")");
            }
            page = ExplanationHtml.ofTexts(model.toString(), m, steps, explanations);
            numbers = ExplanationJson.ofTexts(model.toString(), m, steps, explanations);
        }
        write(html, page);
        System.out.println("wrote " + html);
        if (json != null) {
            write(json, numbers);
            System.out.println("wrote " + json);
        }
        return 0;
    }

    private static void report(int index, Attribution a, String what) {
        String check = a.method() == Method.INTEGRATED_GRADIENTS
                ? String.format(Locale.ROOT, "; completeness: scores sum %.4g, output change %.4g (gap %.3f %%)",
                a.total(), a.output() - a.baselineOutput(), 100 * a.completenessGap())
                : "";
        System.out.println("example " + index + ": " + what + check);
    }

    private String source(int i) {
        return inputs != null ? "--input " + (i + 1) : file + ":" + (i + 1);
    }

    /** The texts of --input or --file (exactly one of them). */
    private List<String> texts() throws IOException {
        if ((inputs == null) == (file == null)) {
            throw new IllegalArgumentException("--input, --file: expected exactly one of them for a classifier, got "
                    + (inputs == null ? "neither" : "both"));
        }
        if (inputs != null) {
            return inputs;
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file: " + file + " is not a file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--file: " + file + " holds no texts (expected one per line)");
        }
        return lines;
    }

    /** Rows A to B of --csv, read with the model's columns. */
    private SeriesFrame history(ForecastModel forecaster) throws IOException {
        if (csv == null || rows == null) {
            throw new IllegalArgumentException("--csv, --rows: a forecaster needs both (the history: data rows A to"
                    + " B of the CSV file)");
        }
        String[] parts = rows.split(":", -1);
        int from;
        int to;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            from = Integer.parseInt(parts[0].trim());
            to = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rows: expected A:B, two 1-based data row numbers, got '" + rows
                    + "'");
        }
        SeriesFrame frame = forecaster.data().read(csv);
        if (from < 1 || to < from || to > frame.rowCount()) {
            throw new IllegalArgumentException("--rows " + rows + ": outside the file: " + csv + " has "
                    + frame.rowCount() + " data rows, so expected 1 <= A <= B <= " + frame.rowCount());
        }
        return frame.rows(from - 1, to);
    }

    private static void write(Path path, String text) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }
}
