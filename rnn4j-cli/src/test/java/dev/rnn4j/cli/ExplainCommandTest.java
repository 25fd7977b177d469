package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j explain} on a tiny classifier, forecaster, language model and translator trained here, and each
 * bad-input error.
 */
class ExplainCommandTest {

    @TempDir
    static Path dir;

    static Path classifier;
    static Path forecaster;
    static Path series;
    static Path languageModel;
    static Path translator;

    /** Two lines with quotations; the tiny corpus has no quote character, so {@code "} reads as unknown. */
    static final String QUOTED = "the cat sees \"the moon\".\nmy friend likes \"a red ball\" and the river.\n";

    @BeforeAll
    static void trainTinyModels() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append(i % 2 == 0 ? "1 a good and fine film number " : "0 a bad and dull film number ").append(i)
                    .append('\n');
        }
        Path train = dir.resolve("train.txt");
        Files.writeString(train, lines.toString(), StandardCharsets.UTF_8);
        classifier = dir.resolve("classifier");
        ClassifyCliTest.Run run = ClassifyCliTest.cli(null, "classify", "train", "--train", train.toString(),
                "--dev-split", "0.2", "--out", classifier.toString(), "--embedding-dim", "8", "--hidden", "6",
                "--epochs", "1", "--batch-size", "4", "--min-freq", "1", "--seed", "7", "--threads", "1",
                "--ensemble", "1");
        assertEquals(0, run.status(), run.err() + run.out());
        series = ForecastCommandTest.sineCsv(dir, 90, 1);
        forecaster = dir.resolve("forecaster");
        run = ClassifyCliTest.cli(null, "forecast", "train", "--csv", series.toString(), "--target", "Value",
                "--time", "Month", "--horizon", "3", "--test-size", "6", "--out", forecaster.toString(),
                "--epochs", "2", "--hidden", "4", "--ensemble", "1", "--quiet");
        assertEquals(0, run.status(), run.err() + run.out());
        languageModel = dir.resolve("lm");
        run = ClassifyCliTest.cli(null, LmCommandTest.tinyTrain(LmCommandTest.corpus(dir, "corpus.txt", 150, 1),
                languageModel).toArray(String[]::new));
        assertEquals(0, run.status(), run.err() + run.out());
        translator = dir.resolve("translator");
        String[] r = CliTest.run(TranslateCommandTest.train(TranslateCommandTest.sample(dir, "train", 0, 150),
                TranslateCommandTest.sample(dir, "dev", 150, 50), translator, 1).toArray(String[]::new));
        assertEquals("0", r[0], r[2]);
    }

    static ClassifyCliTest.Run explain(String... args) {
        List<String> all = new ArrayList<>(List.of("explain", "--threads", "1"));
        all.addAll(List.of(args));
        return ClassifyCliTest.cli(null, all.toArray(String[]::new));
    }

    @Test
    void writesASelfContainedPageAndTheSameNumbersAsJsonForAClassifier() throws IOException {
        Path html = dir.resolve("text.html");
        Path json = dir.resolve("text.json");
        Path states = dir.resolve("text-states");
        ClassifyCliTest.Run run = explain("--model", classifier.toString(), "--input", "a good film",
                "a dull <b>film</b>", "--html", html.toString(), "--json", json.toString(), "--states-csv",
                states.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("example 2:"), run.out());
        assertTrue(run.out().contains("completeness"), run.out());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertFalse(page.contains("<script"), "no scripts");
        assertFalse(page.contains("http://") || page.contains("https://"), "nothing fetched");
        assertTrue(page.contains("&lt;") && !page.contains("<b>"), "tokens are escaped");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (int example = 1; example <= 2; example++) {
            int tokens = root.get("examples").get(example - 1).get("tokens").size();
            Path folder = states.resolve("example-" + example);
            List<String> hidden = Files.readAllLines(folder.resolve("hidden_l0.csv"));
            assertEquals(1 + tokens, hidden.size(), "a header and one row per token");
            assertTrue(hidden.get(0).startsWith("l0_u0,") && hidden.get(0).endsWith(",l0_u5_reverse"),
                    hidden.get(0));
            assertEquals(tokens, Files.readAllLines(folder.resolve("tokens.txt")).size());
            assertTrue(Files.exists(folder.resolve("gates_l0.csv")) && Files.exists(folder.resolve("cell_l0.csv")));
        }
        assertEquals("ig", root.get("method").asText());
        assertEquals(64, root.get("steps").asInt());
        JsonNode first = root.get("examples").get(0);
        assertEquals(3, first.get("tokens").size());
        double sum = 0;
        for (JsonNode token : first.get("tokens")) {
            sum += token.get("score").asDouble();
            assertTrue(page.contains("data-score=\"" + String.format(Locale.ROOT, "%.4g",
                    token.get("score").asDouble()) + "\""), "the page shows the JSON's score");
        }
        assertEquals(first.get("completeness").get("sum").asDouble(), sum, 1e-9);
        assertTrue(first.get("completeness").get("relative_gap").asDouble() < 0.01, first.toString());
    }

    /**
     * Opens both reports in HtmlUnit's browser engine (a Java library, so it runs in every {@code mvn verify}
     * without a browser installed) and checks their structure: one section per example, a coloured span per
     * token with its score, the probability table, the window table and the inline chart, and no element that
     * loads anything from elsewhere.
     */
    @Test
    void aBrowserEngineFindsTheReportsStructure() throws IOException {
        Path text = dir.resolve("browser-text.html");
        Path json = dir.resolve("browser-text.json");
        assertEquals(0, explain("--model", classifier.toString(), "--input", "a good film", "a bad and dull film",
                "--html", text.toString(), "--json", json.toString()).status());
        Path forecast = dir.resolve("browser-series.html");
        Path seriesJson = dir.resolve("browser-series.json");
        assertEquals(0, explain("--model", forecaster.toString(), "--csv", series.toString(), "--rows", "1:90",
                "--method", "gradxinput", "--html", forecast.toString(), "--json", seriesJson.toString()).status());
        JsonNode numbers = new ObjectMapper().readTree(json.toFile());
        JsonNode seriesNumbers = new ObjectMapper().readTree(seriesJson.toFile());
        try (WebClient browser = new WebClient(BrowserVersion.FIREFOX)) {
            browser.getOptions().setJavaScriptEnabled(false);
            HtmlPage page = browser.getPage(text.toUri().toURL());
            assertTrue(page.getTitleText().startsWith("rnn4j explain: "), page.getTitleText());
            List<DomElement> sections = page.getByXPath("//section[@class='example']");
            assertEquals(2, sections.size());
            for (int i = 0; i < 2; i++) {
                JsonNode example = numbers.get("examples").get(i);
                List<DomElement> tokens = sections.get(i).getByXPath(".//span[contains(@class,'token')]");
                assertEquals(example.get("tokens").size(), tokens.size());
                for (int t = 0; t < tokens.size(); t++) {
                    assertEquals(example.get("tokens").get(t).get("token").asText(), tokens.get(t).getTextContent());
                    assertTrue(tokens.get(t).getAttribute("style").startsWith("background:rgba("));
                }
                List<DomElement> rows = sections.get(i).getByXPath(".//table[@class='probabilities']//tr");
                assertEquals(1 + example.get("probabilities").size(), rows.size());
                assertEquals(1, sections.get(i).getByXPath(".//p[contains(@class,'completeness')]").size());
            }
            assertTrue(page.getByXPath("//script | //link | //*[starts-with(@src,'http')]").isEmpty());
            assertCellsSection(page, numbers, true);

            HtmlPage seriesPage = browser.getPage(forecast.toUri().toURL());
            List<DomElement> images = seriesPage.getByXPath("//img[@class='chart']");
            assertEquals(1, images.size());
            assertTrue(images.get(0).getAttribute("src").startsWith("data:image/png;base64,"));
            List<DomElement> steps = seriesPage.getByXPath("//table[@class='window']//tr[@class='step']");
            assertFalse(steps.isEmpty());
            assertEquals(3, seriesPage.getByXPath("//table[@class='forecast']//tr").size() - 1);
            assertTrue(seriesPage.getByXPath("//p[contains(@class,'completeness')]").isEmpty(),
                    "gradient × input has no completeness check");
            assertCellsSection(seriesPage, seriesNumbers, false);
        }
    }

    /**
     * The inside-the-cells section of a classifier or forecaster page against its JSON: per example and layer a
     * heat map with one column per step (up to 100) and, per most active unit, rows h, c and the four LSTM gates,
     * the units named by direction for the classifier's bidirectional LSTM; then the saturation table with a row
     * per layer, direction and sigmoid gate.
     */
    static void assertCellsSection(HtmlPage page, JsonNode numbers, boolean bidirectional) {
        List<String> headings = new ArrayList<>();
        for (Object h : page.getByXPath("//h2")) {
            headings.add(((DomElement) h).getTextContent());
        }
        assertEquals(List.of("Inside the cells", "Gate saturation"), headings.subList(headings.size() - 2,
                headings.size()), headings.toString());
        JsonNode examples = numbers.get("examples");
        for (int i = 0; i < examples.size(); i++) {
            JsonNode cells = examples.get(i).get("cells");
            assertEquals("LSTM", cells.get("cell").asText());
            assertEquals(bidirectional ? 2 : 1, cells.get("directions").asInt());
            int units = cells.get("directions").asInt() * cells.get("hidden").asInt();
            int steps = bidirectional ? examples.get(i).get("tokens").size() : examples.get(i).get("window").size();
            assertEquals(Math.min(100, steps), cells.get("shown_steps").asInt());
            JsonNode mostActive = cells.get("most_active").get(0);
            assertEquals(Math.min(8, units), mostActive.size());
            List<DomElement> rows = page.getByXPath("//section[@id='cells']//table[@id='heatmap-l0-" + (i + 1)
                    + "']//tr");
            assertEquals(1 + 6 * mostActive.size(), rows.size(), "a header, then h, c, i, f, g, o per unit");
            assertEquals(1 + cells.get("shown_steps").asInt(), rows.get(0).getByXPath("./th").size());
            for (int k = 0; k < mostActive.size(); k++) {
                JsonNode unit = mostActive.get(k);
                DomElement first = rows.get(1 + 6 * k);
                String name = ((DomElement) first.getByXPath("./th").get(0)).getTextContent();
                String arrow = !bidirectional ? "" : unit.get("direction").asText().equals("forward") ? " →" : " ←";
                assertEquals("h 0:" + unit.get("unit").asInt() + arrow, name);
                List<DomElement> values = first.getByXPath("./td[@data-value]");
                assertEquals(cells.get("shown_steps").asInt(), values.size());
                assertEquals(String.format(Locale.ROOT, "%.4g", unit.get("h").get(0).asDouble()),
                        values.get(0).getAttribute("data-value"));
                assertEquals("f 0:" + unit.get("unit").asInt() + arrow,
                        ((DomElement) rows.get(1 + 6 * k + 3).getByXPath("./th").get(0)).getTextContent());
            }
        }
        JsonNode saturation = numbers.get("gate_saturation");
        assertEquals((bidirectional ? 2 : 1) * 3, saturation.size(), "i, f, o per direction of one layer");
        assertEquals(bidirectional, saturation.get(0).has("direction"));
        List<DomElement> table = page.getByXPath("//table[@class='saturation']//tr");
        assertEquals(1 + saturation.size(), table.size());
        assertEquals(bidirectional ? 6 : 5, table.get(0).getByXPath("./th").size());
    }

    /**
     * Opens the language-model and translation reports in HtmlUnit and checks their structure against the JSON:
     * the headings, one coloured span per character with its value and next-character tooltip, the heat-map
     * table of the most active units (h, c and four gates each), the probability and saturation tables, the
     * attention table and its inline image.
     */
    @Test
    void aBrowserEngineFindsTheLanguageModelAndTranslationReportsStructure() throws IOException {
        Path lm = dir.resolve("browser-lm.html");
        Path lmJson = dir.resolve("browser-lm.json");
        assertEquals(0, explain("--model", languageModel.toString(), "--input", QUOTED, "--html", lm.toString(),
                "--json", lmJson.toString()).status());
        Path translation = dir.resolve("browser-translation.html");
        Path translationJson = dir.resolve("browser-translation.json");
        assertEquals(0, explain("--model", translator.toString(), "--input", "Ein Hund läuft.", "--html",
                translation.toString(), "--json", translationJson.toString()).status());
        JsonNode numbers = new ObjectMapper().readTree(lmJson.toFile());
        JsonNode characters = numbers.get("characters");
        try (WebClient browser = new WebClient(BrowserVersion.FIREFOX)) {
            browser.getOptions().setJavaScriptEnabled(false);
            HtmlPage page = browser.getPage(lm.toUri().toURL());
            assertTrue(((DomElement) page.getByXPath("//h1").get(0)).getTextContent()
                    .startsWith("Inside the language model"));
            List<String> headings = new ArrayList<>();
            for (Object h : page.getByXPath("//h2")) {
                headings.add(((DomElement) h).getTextContent());
            }
            String unit = numbers.get("unit").get("layer").asInt() + ":" + numbers.get("unit").get("unit").asInt();
            assertEquals(List.of("The text coloured by unit " + unit, "Inside the cells", "Gate saturation",
                    "Units that track a feature of the text", "Next-character probabilities"), headings);
            assertEquals(8, page.getByXPath("//table[@class='trackers']//tr[@class='tracker']").size());
            List<DomElement> spans = page.getByXPath("//div[@class='coloured']/span[contains(@class,'char')]");
            assertEquals(characters.size(), spans.size());
            for (int t = 0; t < spans.size(); t++) {
                DomElement span = spans.get(t);
                assertEquals(String.format(Locale.ROOT, "%.4g", characters.get(t).get("value").asDouble()),
                        span.getAttribute("data-value"));
                assertTrue(span.getAttribute("style").startsWith("background:rgba("), span.getAttribute("style"));
                assertTrue(span.getAttribute("title").contains("; next: "), span.getAttribute("title"));
            }
            int shown = numbers.get("shown_steps").asInt();
            assertEquals(Math.min(100, characters.size()), shown);
            List<DomElement> heatRows = page.getByXPath("//table[@id='heatmap-l0']//tr");
            assertEquals(1 + 8 * 6, heatRows.size(), "a header, then h, c, i, f, g, o of 8 units");
            assertEquals(1 + shown, heatRows.get(0).getByXPath("./th").size());
            assertEquals(shown, heatRows.get(1).getByXPath("./td[@data-value]").size());
            List<DomElement> next = page.getByXPath("//table[@class='next']//tr[@class='position']");
            assertEquals(shown, next.size());
            assertTrue(next.get(0).getTextContent().contains(
                    String.format(Locale.ROOT, "%.4f", characters.get(0).get("next_probability").asDouble())));
            assertEquals(1 + 3, page.getByXPath("//table[@class='saturation']//tr").size());
            assertTrue(page.getByXPath("//script | //link | //*[starts-with(@src,'http')]").isEmpty());

            JsonNode example = new ObjectMapper().readTree(translationJson.toFile()).get("examples").get(0);
            HtmlPage translated = browser.getPage(translation.toUri().toURL());
            List<DomElement> rows = translated.getByXPath("//table[@class='attention']//tr[@class='target']");
            assertEquals(example.get("target_tokens").size(), rows.size());
            assertEquals(example.get("source_tokens").size(), rows.get(0).getByXPath("./td[@data-weight]").size());
            List<DomElement> images = translated.getByXPath("//img[@class='attention']");
            assertEquals(1, images.size());
            assertTrue(images.get(0).getAttribute("src").startsWith("data:image/png;base64,"));
            assertEquals("Translation: " + example.get("translation").asText(),
                    ((DomElement) translated.getByXPath("//p[contains(@class,'translation')]").get(0))
                            .getTextContent());
        }
    }

    @Test
    void readsTextsFromAFileWithOcclusion() throws IOException {
        Path texts = dir.resolve("texts.txt");
        Files.writeString(texts, "a fine film\na bad film\n");
        Path html = dir.resolve("file.html");
        ClassifyCliTest.Run run = explain("--model", classifier.toString(), "--file", texts.toString(), "--method",
                "occlusion", "--html", html.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.readString(html).contains("id=\"example-2\""));
    }

    @Test
    void explainsAForecastWithItsWindowAndAnInlineChart() throws IOException {
        Path html = dir.resolve("series.html");
        Path json = dir.resolve("series.json");
        Path states = dir.resolve("series-states");
        ClassifyCliTest.Run run = explain("--model", forecaster.toString(), "--csv", series.toString(), "--rows",
                "1:90", "--baseline", "last", "--html", html.toString(), "--json", json.toString(), "--states-csv",
                states.toString());
        assertEquals(0, run.status(), run.err());
        String page = Files.readString(html);
        assertTrue(page.contains("src=\"data:image/png;base64,"), "the chart is inline");
        JsonNode example = new ObjectMapper().readTree(json.toFile()).get("examples").get(0);
        assertEquals(3, example.get("forecast").size());
        assertTrue(example.get("window").size() >= 1);
        List<String> hidden = Files.readAllLines(states.resolve("example-1").resolve("hidden_l0.csv"));
        assertEquals(1 + example.get("window").size(), hidden.size(), "a header and one row per window step");
        assertEquals("l0_u0,l0_u1,l0_u2,l0_u3", hidden.get(0));
        assertEquals(example.get("window").get(0).get("time").asText(),
                Files.readAllLines(states.resolve("example-1").resolve("tokens.txt")).get(0));
        assertTrue(example.get("completeness").get("relative_gap").asDouble() < 0.01, example.toString());
    }

    @Test
    void explainsALanguageModelInsideItsCellsWithTheStatesAsCsv() throws IOException {
        Path html = dir.resolve("lm.html");
        Path json = dir.resolve("lm.json");
        Path states = dir.resolve("states");
        ClassifyCliTest.Run run = explain("--model", languageModel.toString(), "--input", QUOTED, "--html",
                html.toString(), "--json", json.toString(), "--states-csv", states.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("read " + QUOTED.length() + " characters"), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("language-model", root.get("task").asText());
        assertEquals("LSTM", root.get("cell").asText());
        JsonNode characters = root.get("characters");
        assertEquals(QUOTED.length(), characters.size());
        assertFalse(characters.get(13).get("known").asBoolean(), "the quote is outside the vocabulary");
        for (JsonNode c : characters) {
            JsonNode next = c.get("next");
            assertEquals(5, next.size());
            double sum = 0;
            for (int i = 0; i < 5; i++) {
                sum += next.get(i).get("p").asDouble();
                assertTrue(i == 0 || next.get(i).get("p").asDouble() <= next.get(i - 1).get("p").asDouble());
            }
            assertTrue(sum > 0 && sum <= 1 + 1e-9, c.toString());
        }
        JsonNode quotes = root.get("trackers").get("inside_quotes");
        assertEquals(8, quotes.size());
        JsonNode line = root.get("trackers").get("line_position");
        JsonNode best = Math.abs(quotes.get(0).get("r").asDouble()) >= Math.abs(line.get(0).get("r").asDouble())
                ? quotes.get(0) : line.get(0);
        assertEquals(best.get("unit").asInt(), root.get("unit").get("unit").asInt(),
                "the default unit is the best tracker of either feature");
        assertEquals(3, root.get("gate_saturation").size(), "i, f, o of one layer");
        assertEquals(8, root.get("most_active").get(0).size());
        assertEquals(QUOTED.length(), root.get("most_active").get(0).get(0).get("f").size());

        List<String> hidden = Files.readAllLines(states.resolve("hidden_l0.csv"));
        assertEquals(1 + QUOTED.length(), hidden.size());
        assertTrue(hidden.get(0).startsWith("l0_u0,l0_u1,"), hidden.get(0));
        assertEquals(16, hidden.get(1).split(",").length);
        assertEquals(QUOTED.length(), Files.readAllLines(states.resolve("tokens.txt")).size());
        assertTrue(Files.exists(states.resolve("cell_l0.csv")) && Files.exists(states.resolve("gates_l0.csv")));
        String page = Files.readString(html);
        assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"));
    }

    @Test
    void colouredTextFollowsTheChosenUnit() throws IOException {
        Path json = dir.resolve("lm-unit.json");
        Path texts = dir.resolve("lm-text.txt");
        Files.writeString(texts, "a dog sees the moon.\nthe bird likes her sister.\n");
        ClassifyCliTest.Run run = explain("--model", languageModel.toString(), "--file", texts.toString(), "--unit",
                "0:15", "--html", dir.resolve("lm-unit.html").toString(), "--json", json.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(15, root.get("unit").get("unit").asInt());
        assertEquals("chosen with --unit", root.get("unit").get("choice").asText());
        assertEquals(0, root.get("trackers").get("inside_quotes").size(), "no quotes, no correlation");
    }

    @Test
    void explainsATranslationWithItsAttentionMatrix() throws IOException {
        Path html = dir.resolve("translation.html");
        Path json = dir.resolve("translation.json");
        ClassifyCliTest.Run run = explain("--model", translator.toString(), "--input", "Ein Hund läuft.",
                "Zwei Männer stehen.", "--html", html.toString(), "--json", json.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode examples = new ObjectMapper().readTree(json.toFile()).get("examples");
        assertEquals(2, examples.size());
        for (JsonNode e : examples) {
            JsonNode attention = e.get("attention");
            assertEquals(e.get("target_tokens").size(), attention.size());
            for (JsonNode row : attention) {
                assertEquals(e.get("source_tokens").size(), row.size());
                double sum = 0;
                for (JsonNode w : row) {
                    sum += w.asDouble();
                }
                assertEquals(1, sum, 1e-4, "each output subword's attention sums to 1");
            }
        }
        String translation = examples.get(0).get("translation").asText().replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
        assertTrue(Files.readString(html).contains("<strong>" + translation + "</strong>"), translation);
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        Path html = dir.resolve("bad.html");
        assertError("empty", explain("--model", classifier.toString(), "--input", " ", "--html", html.toString()));
        assertError("--input 1: text: every token is unknown", explain("--model", classifier.toString(), "--input",
                "zebra quokka", "--html", html.toString()));
        assertError("--rows 80:95: outside the file", explain("--model", forecaster.toString(), "--csv",
                series.toString(), "--rows", "80:95", "--html", html.toString()));
        assertError("--rows: expected A:B", explain("--model", forecaster.toString(), "--csv", series.toString(),
                "--rows", "80", "--html", html.toString()));
        assertError("--steps: expected at least 1", explain("--model", classifier.toString(), "--input", "a film",
                "--steps", "0", "--html", html.toString()));
        assertError("not a model folder", explain("--model", dir.toString(), "--input", "a film", "--html",
                html.toString()));
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(classifier.resolve("config.json"), broken.resolve("config.json"));
        ClassifyCliTest.Run missing = explain("--model", broken.toString(), "--input", "a film", "--html",
                html.toString());
        assertEquals(2, missing.status(), missing.err());
        assertTrue(missing.err().contains(broken.toString()), missing.err());
        assertError("is a forecaster", explain("--model", forecaster.toString(), "--input", "a film", "--html",
                html.toString()));
        assertError("--input: text: empty", explain("--model", languageModel.toString(), "--input", "", "--html",
                html.toString()));
        assertError("unit 1:3: out of range, the model has 1 layer of 16 units, so expected L in 0..0 and U in"
                + " 0..15", explain("--model", languageModel.toString(), "--input", "the cat", "--unit", "1:3",
                "--html", html.toString()));
        assertError("unit 0:16: out of range", explain("--model", languageModel.toString(), "--input", "the cat",
                "--unit", "0:16", "--html", html.toString()));
        assertError("unit: expected L:U", explain("--model", languageModel.toString(), "--input", "the cat",
                "--unit", "7", "--html", html.toString()));
        assertError("--input: a language model reads one text, got 2", explain("--model", languageModel.toString(),
                "--input", "the cat", "the dog", "--html", html.toString()));
        assertError("--unit: belongs to the language-model view", explain("--model", classifier.toString(),
                "--input", "a film", "--unit", "0:1", "--html", html.toString()));
        assertError("--states-csv: belongs to the classifier, forecaster and language-model views", explain("--model", translator.toString(),
                "--input", "Ein Hund.", "--states-csv", dir.resolve("no").toString(), "--html", html.toString()));
        assertError("--input 2: sentence: is empty", explain("--model", translator.toString(), "--input", "Ein Hund.",
                " ", "--html", html.toString()));
        Path layerNormalised = dir.resolve("lm-ln");
        ClassifyCliTest.Run trained = ClassifyCliTest.cli(null, LmCommandTest.tinyTrain(dir.resolve("corpus.txt"),
                layerNormalised, "--cell", "LSTM_LN").toArray(String[]::new));
        assertEquals(0, trained.status(), trained.err());
        assertError("this model's cell is LSTM_LN", explain("--model", layerNormalised.toString(), "--input",
                "the cat", "--html", html.toString()));
        Path noWeights = dir.resolve("lm-no-weights");
        Files.createDirectories(noWeights);
        Files.copy(languageModel.resolve("config.json"), noWeights.resolve("config.json"));
        assertError("weights.safetensors not found", explain("--model", noWeights.toString(), "--input", "the cat",
                "--html", html.toString()));
        assertFalse(Files.exists(html), "no report for bad input");
    }

    private static void assertError(String expected, ClassifyCliTest.Run run) {
        assertEquals(2, run.status(), run.err() + run.out());
        assertTrue(run.err().contains(expected), () -> "expected '" + expected + "' in: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
