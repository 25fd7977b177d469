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

/** {@code rnn4j explain} on a tiny classifier and forecaster trained here, and each bad-input error. */
class ExplainCommandTest {

    @TempDir
    static Path dir;

    static Path classifier;
    static Path forecaster;
    static Path series;

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
        ClassifyCliTest.Run run = explain("--model", classifier.toString(), "--input", "a good film",
                "a dull <b>film</b>", "--html", html.toString(), "--json", json.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("example 2:"), run.out());
        assertTrue(run.out().contains("completeness"), run.out());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertFalse(page.contains("<script"), "no scripts");
        assertFalse(page.contains("http://") || page.contains("https://"), "nothing fetched");
        assertTrue(page.contains("&lt;") && !page.contains("<b>"), "tokens are escaped");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
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
        assertEquals(0, explain("--model", forecaster.toString(), "--csv", series.toString(), "--rows", "1:90",
                "--method", "gradxinput", "--html", forecast.toString()).status());
        JsonNode numbers = new ObjectMapper().readTree(json.toFile());
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

            HtmlPage seriesPage = browser.getPage(forecast.toUri().toURL());
            List<DomElement> images = seriesPage.getByXPath("//img[@class='chart']");
            assertEquals(1, images.size());
            assertTrue(images.get(0).getAttribute("src").startsWith("data:image/png;base64,"));
            List<DomElement> steps = seriesPage.getByXPath("//table[@class='window']//tr[@class='step']");
            assertFalse(steps.isEmpty());
            assertEquals(3, seriesPage.getByXPath("//table[@class='forecast']//tr").size() - 1);
            assertTrue(seriesPage.getByXPath("//p[contains(@class,'completeness')]").isEmpty(),
                    "gradient × input has no completeness check");
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
        ClassifyCliTest.Run run = explain("--model", forecaster.toString(), "--csv", series.toString(), "--rows",
                "1:90", "--baseline", "last", "--html", html.toString(), "--json", json.toString());
        assertEquals(0, run.status(), run.err());
        String page = Files.readString(html);
        assertTrue(page.contains("src=\"data:image/png;base64,"), "the chart is inline");
        JsonNode example = new ObjectMapper().readTree(json.toFile()).get("examples").get(0);
        assertEquals(3, example.get("forecast").size());
        assertTrue(example.get("window").size() >= 1);
        assertTrue(example.get("completeness").get("relative_gap").asDouble() < 0.01, example.toString());
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
        assertFalse(Files.exists(html), "no report for bad input");
    }

    private static void assertError(String expected, ClassifyCliTest.Run run) {
        assertEquals(2, run.status(), run.err() + run.out());
        assertTrue(run.err().contains(expected), () -> "expected '" + expected + "' in: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
