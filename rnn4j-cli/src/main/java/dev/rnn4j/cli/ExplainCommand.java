package dev.rnn4j.cli;

import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.explain.Attribution;
import dev.rnn4j.explain.Attributions;
import dev.rnn4j.explain.CellInspector;
import dev.rnn4j.explain.CellTrace;
import dev.rnn4j.explain.ExplanationHtml;
import dev.rnn4j.explain.ExplanationJson;
import dev.rnn4j.explain.LanguageModelExplainer;
import dev.rnn4j.explain.LanguageModelExplanation;
import dev.rnn4j.explain.LanguageModelHtml;
import dev.rnn4j.explain.Method;
import dev.rnn4j.explain.SeriesBaseline;
import dev.rnn4j.explain.SeriesExplainer;
import dev.rnn4j.explain.SeriesExplanation;
import dev.rnn4j.explain.StatesCsv;
import dev.rnn4j.explain.TextExplainer;
import dev.rnn4j.explain.TextExplanation;
import dev.rnn4j.explain.TranslationHtml;
import dev.rnn4j.explain.UnitIndex;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastPredictor;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.series.SeriesFrame;
import dev.rnn4j.translate.Translation;
import dev.rnn4j.translate.TranslationModel;
import dev.rnn4j.translate.Translator;
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
 * {@code rnn4j explain}: one self-contained HTML page (and optionally JSON with the same numbers) for a trained
 * model, the view picked by the model folder's task: attributions for a classifier or forecaster, followed by
 * its first network's inside-the-cells section ({@link ExplanationHtml}), the inside-the-cells view for a language model ({@link LanguageModelHtml}, with the
 * states as CSV on request), the attention matrix for a translator ({@link TranslationHtml}).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains a trained model's outputs: which tokens made the classifier decide, which past"
                + " values drove the forecast, what a language model's cells do, where the translator looked."
                + " Writes one self-contained HTML page (and --json); the view follows the model folder's task.",
                "Classifier: --input TEXT... or --file F (one text per line). Forecaster: --csv F --rows A:B (the"
                        + " history, 1-based data rows A to B inclusive; the forecast follows row B). Language"
                        + " model: one --input TEXT or --file F (the whole file is one text). Translator: --input"
                        + " SENTENCE... or --file F (one sentence per line)."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model folder (from classify, forecast, lm or"
            + " translate train).")
    Path model;

    @Option(names = "--input", arity = "1..*", paramLabel = "TEXT", description = "Texts to explain (classifier,"
            + " translator; one text for a language model).")
    List<String> inputs;

    @Option(names = "--file", description = "A file of texts to explain, one per line (classifier,"
            + " translator); for a language model the whole file is one text.")
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

    @Option(names = "--unit", paramLabel = "L:U", description = "Language model: colour the text by this unit"
            + " (0-based layer and unit; default: the unit that tracks a feature of the text best).")
    String unit;

    @Option(names = "--states-csv", paramLabel = "DIR", description = "Language model, classifier, forecaster:"
            + " also write every layer's states and gates per step as CSV files, with tokens.txt, into DIR (a"
            + " classifier or forecaster: one folder DIR/example-N per input, the first ensemble network).")
    Path statesCsv;

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
        if (!task.equals(LanguageModel.TASK) && unit != null) {
            throw new IllegalArgumentException("--unit: belongs to the language-model view, and " + model
                    + " holds a model of task \"" + task + "\"");
        }
        if (task.equals(TranslationModel.TASK) && statesCsv != null) {
            throw new IllegalArgumentException("--states-csv: belongs to the classifier, forecaster and"
                    + " language-model views, and " + model + " holds a model of task \"" + task + "\"");
        }
        String page;
        String numbers;
        if (task.equals(LanguageModel.TASK) || task.equals(TranslationModel.TASK)) {
            if (csv != null || rows != null) {
                throw new IllegalArgumentException("--csv, --rows: " + model + " is not a forecaster (task \"" + task
                        + "\"); give texts with --input or --file");
            }
            String[] pages = task.equals(LanguageModel.TASK) ? languageModel() : translations();
            page = pages[0];
            numbers = pages[1];
        } else if (task.equals(ForecastModel.TASK)) {
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
            page = ExplanationHtml.ofSeries(model.toString(), m, steps, forecaster.networks().size(), List.of(e));
            numbers = ExplanationJson.ofSeries(model.toString(), m, steps, List.of(e));
            if (statesCsv != null) {
                writeStates(List.of(e.times()), List.of(e.cells()), forecaster.cell().name());
            }
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
            page = ExplanationHtml.ofTexts(model.toString(), m, steps, classifier.members().size(), explanations);
            numbers = ExplanationJson.ofTexts(model.toString(), m, steps, explanations);
            if (statesCsv != null) {
                writeStates(explanations.stream().map(TextExplanation::tokens).toList(),
                        explanations.stream().map(TextExplanation::cells).toList(),
                        classifier.members().get(0).config().cell().name());
            }
        }
        write(html, page);
        System.out.println("wrote " + html);
        if (json != null) {
            write(json, numbers);
            System.out.println("wrote " + json);
        }
        return 0;
    }

    /** The language-model view's page and JSON; the CSV files too when asked. */
    private String[] languageModel() throws IOException {
        LanguageModel lm = LanguageModel.load(model);
        LanguageModelExplainer explainer = new LanguageModelExplainer(lm);
        UnitIndex chosen = unit == null ? null : UnitIndex.parse(unit, lm.config().layers(), lm.config().hidden());
        String text;
        if (inputs != null && file == null) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("--input: a language model reads one text, got " + inputs.size()
                        + " (join them, or give a --file)");
            }
            text = inputs.get(0);
        } else {
            texts(); // checks that exactly one of --input and --file is given and the file exists and is not empty
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        LanguageModelExplanation e;
        try {
            e = explainer.explain(text, chosen);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException((inputs != null ? "--input" : "--file " + file) + ": "
                    + ex.getMessage(), ex);
        }
        System.out.println("read " + e.tokens().size() + " characters" + (e.truncated() ? " (cut to the first "
                + LanguageModelExplainer.MAX_CHARACTERS + ")" : "") + "; unit " + e.unit() + ": " + e.unitChoice());
        if (statesCsv != null) {
            List<Path> files = StatesCsv.write(statesCsv, e.tokens(), e.trace());
            System.out.println("wrote " + files.size() + " CSV files to " + statesCsv);
        }
        return new String[] {LanguageModelHtml.of(model.toString(), e),
                ExplanationJson.ofLanguageModel(model.toString(), e)};
    }

    /** Each example's states as CSV files in its own folder {@code example-N} of --states-csv. */
    private void writeStates(List<List<String>> tokens, List<CellTrace> traces, String cell) throws IOException {
        int files = 0;
        for (int i = 0; i < traces.size(); i++) {
            if (traces.get(i) == null) {
                throw new IllegalArgumentException("--states-csv: the inside-the-cells view reads the cells "
                        + CellInspector.CELLS + " without projection, and this model's cell is " + cell);
            }
            files += StatesCsv.write(statesCsv.resolve("example-" + (i + 1)), tokens.get(i), traces.get(i)).size();
        }
        System.out.println("wrote " + files + " CSV files to " + statesCsv + " (one folder per example)");
    }

    /** The translation view's page and JSON. */
    private String[] translations() throws IOException {
        Translator translator = Translator.load(model);
        List<String> sentences = texts();
        List<Translation> out = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            try {
                out.add(translator.predict(sentences.get(i)));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(source(i) + ": " + ex.getMessage(), ex);
            }
            System.out.println("example " + (i + 1) + ": " + out.get(i).text());
        }
        return new String[] {TranslationHtml.of(model.toString(), out),
                ExplanationJson.ofTranslations(model.toString(), out)};
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
            throw new IllegalArgumentException("--input, --file: expected exactly one of them, got "
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
