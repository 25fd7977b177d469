package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.lm.GenerationRequest;
import dev.rnn4j.lm.LanguageModel;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTextArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page at {@code /} in a headless browser (HtmlUnit: it needs no browser installed, so it runs in
 * {@code mvn verify} everywhere): pick a model, type a text, a prime or a sentence or paste a series, set the
 * options, click Predict, and read the result against what the API answers to the same request.
 */
class PageTest {

    static ModelServer server;
    static WebClient browser;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(ServedModel.load("sentiment", TestModels.classifier()),
                ServedModel.load("passengers", TestModels.forecaster()),
                ServedModel.load("de-en", TestModels.translator()),
                ServedModel.load("chars", TestModels.languageModel())), ServerOptions.defaults().withPort(0));
        browser = new WebClient(BrowserVersion.CHROME);
        browser.getOptions().setFetchPolyfillEnabled(true);
        browser.getOptions().setThrowExceptionOnScriptError(true);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(true);
    }

    @AfterAll
    static void stop() {
        browser.close();
        server.close();
    }

    /** Waits until {@code found} gives an element, running the page's scripts meanwhile. */
    static DomElement await(Supplier<DomElement> found, String what) {
        for (int i = 0; i < 600; i++) { // up to 30 s: a busy machine runs the scripts slowly
            DomElement e = found.get();
            if (e != null) {
                return e;
            }
            browser.waitForBackgroundJavaScript(50);
        }
        throw new AssertionError("the page never showed " + what);
    }

    static HtmlPage open() throws Exception {
        HtmlPage page = browser.getPage(server.url() + "/");
        HtmlSelect select = page.getHtmlElementById("model");
        await(() -> select.getOptionSize() == 4 ? select.getOption(3) : null, "the four models");
        return page;
    }

    /** Picks model {@code name} and types {@code text} into the input. */
    static void pick(HtmlPage page, String name, String text) {
        page.<HtmlSelect>getHtmlElementById("model").setSelectedAttribute(name, true);
        page.<HtmlTextArea>getHtmlElementById("input").setText(text);
    }

    /** The text of every node that {@code xpath} (relative to {@code root}) finds, in document order. */
    static List<String> texts(DomNode root, String xpath) {
        List<String> out = new ArrayList<>();
        for (DomNode node : root.<DomNode>getByXPath(xpath)) {
            out.add(node.getTextContent());
        }
        return out;
    }

    /** A number the page shows with {@code decimals} decimals, checked against the API's value. */
    static void assertShown(double expected, String shown, int decimals, String what) {
        assertEquals(expected, Double.parseDouble(shown), 0.5 * Math.pow(10, -decimals) + 1e-9,
                () -> what + ": shown " + shown + ", the API says " + expected);
    }

    @Test
    void aTextGetsItsLabelAndProbabilities() throws Exception {
        HtmlPage page = open();
        HtmlSelect select = page.getHtmlElementById("model");
        select.setSelectedAttribute("sentiment", true);
        String text = "the story was really superb";
        page.<HtmlTextArea>getHtmlElementById("input").setText(text);
        page.<HtmlElement>getHtmlElementById("predict").click();
        DomElement label = await(() -> page.getElementById("label"), "the label");
        JsonNode api = ServerEndpointsTest.json(Http.postJson(server.url() + "/predictions/sentiment",
                "{\"text\": \"" + text + "\"}"));
        assertEquals("Label: " + api.get("label").asText(), label.getTextContent());
        DomElement table = page.getElementById("probabilities");
        assertNotNull(table);
        String shown = table.asNormalizedText();
        for (String name : List.of("neg", "pos")) {
            String p = String.format(Locale.ROOT, "%.4f", api.get("probabilities").get(name).asDouble());
            assertTrue(shown.contains(name) && shown.contains(p), () -> "no " + name + " " + p + " in " + shown);
        }
    }

    @Test
    void aPastedSeriesGetsItsForecastTableAndChart() throws Exception {
        HtmlPage page = open();
        page.<HtmlSelect>getHtmlElementById("model").setSelectedAttribute("passengers", true);
        String[] lines = TestModels.monthlyCsv(120).split("\n");
        StringBuilder series = new StringBuilder();
        for (int i = lines.length - 24; i < lines.length; i++) {
            series.append(lines[i]).append('\n');
        }
        page.<HtmlTextArea>getHtmlElementById("input").setText(series.toString());
        page.<HtmlElement>getHtmlElementById("predict").click();
        DomElement table = await(() -> page.getElementById("forecast"), "the forecast");
        assertNotNull(page.getElementById("chart"), "the chart");
        String shown = table.asNormalizedText();
        JsonNode api = ServerEndpointsTest.json(Http.postJson(server.url() + "/predictions/passengers",
                TestModels.forecastBody(24)));
        for (int h = 0; h < TestModels.HORIZON; h++) {
            String time = api.get("times").get(h).asText();
            String value = String.format(Locale.ROOT, "%.3f", api.get("values").get(h).asDouble());
            assertTrue(shown.contains(time) && shown.contains(value), () -> "no " + time + " " + value + " in " + shown);
        }
    }

    @Test
    void anErrorIsShownAsItsMessage() throws Exception {
        HtmlPage page = open();
        page.<HtmlSelect>getHtmlElementById("model").setSelectedAttribute("passengers", true);
        page.<HtmlTextArea>getHtmlElementById("input").setText("1, 2, 3");
        page.<HtmlElement>getHtmlElementById("predict").click();
        DomElement error = await(() -> {
            DomElement e = page.getElementById("error");
            return e.getTextContent().isEmpty() ? null : e;
        }, "the error");
        assertTrue(error.getTextContent().startsWith("forecast request: times: the model uses calendar features"),
                error::getTextContent);
    }

    @Test
    void aTextWithExplainTickedShowsItsTokensColouredByAttribution() throws Exception {
        HtmlPage page = open();
        pick(page, "passengers", "");
        assertTrue(page.getHtmlElementById("explain-option").hasAttribute("hidden"), "no Explain for a forecaster");
        String text = "the story was really superb";
        pick(page, "sentiment", text);
        assertFalse(page.getHtmlElementById("explain-option").hasAttribute("hidden"), "Explain for a classifier");
        page.<HtmlCheckBoxInput>getHtmlElementById("explain").setChecked(true);
        page.<HtmlElement>getHtmlElementById("predict").click();
        DomElement attributions = await(() -> page.getElementById("attributions"), "the attributions");
        assertNotNull(page.getElementById("label"), "the label is shown too");
        JsonNode api = ServerEndpointsTest.json(Http.postJson(server.url() + "/explanations/sentiment",
                "{\"text\": \"" + text + "\"}"));
        JsonNode tokens = api.get("tokens");
        List<DomElement> spans = attributions.getByXPath("./span[contains(@class, 'token')]");
        assertEquals(tokens.size(), spans.size());
        for (int t = 0; t < spans.size(); t++) {
            DomElement span = spans.get(t);
            double attribution = tokens.get(t).get("attribution").asDouble();
            assertEquals(tokens.get(t).get("token").asText(), span.getTextContent());
            assertEquals(attribution, Double.parseDouble(span.getAttribute("data-attribution")), 1e-12);
            String colour = attribution >= 0 ? "raises" : "lowers";
            assertTrue(span.getAttribute("class").contains(colour), () -> span.asXml() + " is not " + colour);
            assertTrue(span.getAttribute("style").contains("background-color"), span::asXml);
        }
        String legend = page.getElementById("legend").getTextContent();
        assertTrue(legend.startsWith("blue raises the probability of \u2018" + api.get("label").asText()
                + "\u2019, red lowers it"), legend);
        String completeness = page.getElementById("completeness").getTextContent();
        assertTrue(completeness.startsWith("integrated gradients, 64 steps: attributions sum to "
                + String.format(Locale.ROOT, "%.4f", api.get("completeness").get("sum").asDouble())), completeness);
    }

    @Test
    void aSentenceShowsItsTranslationTheNBestListAndTheAttentionTable() throws Exception {
        HtmlPage page = open();
        String sentence = "der hund rennt .";
        pick(page, "de-en", sentence);
        assertFalse(page.getHtmlElementById("nbest-option").hasAttribute("hidden"), "the n-best option");
        page.<HtmlCheckBoxInput>getHtmlElementById("show-nbest").setChecked(true);
        page.<HtmlElement>getHtmlElementById("predict").click();
        DomElement attention = await(() -> page.getElementById("attention"), "the attention table");
        JsonNode api = ServerEndpointsTest.json(Http.postJson(server.url() + "/predictions/de-en",
                "{\"text\": \"" + sentence + "\"}"));
        assertEquals(api.get("translation").asText(), page.getElementById("translation").getTextContent());
        List<String> nbest = texts(page.getElementById("nbest"), ".//tr/td[2]");
        assertEquals(api.get("nbest").size(), nbest.size());
        for (int i = 0; i < nbest.size(); i++) {
            assertEquals(api.get("nbest").get(i).get("text").asText(), nbest.get(i));
        }
        List<String> source = new ArrayList<>();
        api.get("source_tokens").forEach(t -> source.add(t.asText()));
        List<String> target = new ArrayList<>();
        api.get("target_tokens").forEach(t -> target.add(t.asText()));
        assertEquals(source, texts(attention, ".//th[@class = 'source']"));
        assertEquals(target, texts(attention, ".//th[@class = 'target']"));
        List<String> cells = texts(attention, ".//td");
        assertEquals(source.size() * target.size(), cells.size());
        for (int i = 0; i < target.size(); i++) {
            for (int j = 0; j < source.size(); j++) {
                assertShown(api.get("attention").get(i).get(j).asDouble(), cells.get(i * source.size() + j), 2,
                        "attention of " + target.get(i) + " to " + source.get(j));
            }
        }
    }

    @Test
    void aPrimeWithItsSettingsShowsTheGeneratedText() throws Exception {
        HtmlPage page = open();
        pick(page, "chars", "the ");
        assertFalse(page.getHtmlElementById("generation-options").hasAttribute("hidden"), "the generation fields");
        assertTrue(page.getHtmlElementById("explain-option").hasAttribute("hidden"), "no Explain for a language model");
        page.<HtmlInput>getHtmlElementById("length").setValue("30");
        page.<HtmlInput>getHtmlElementById("temperature").setValue("0.8");
        page.<HtmlInput>getHtmlElementById("top-k").setValue("5");
        page.<HtmlInput>getHtmlElementById("top-p").setValue("0.9");
        page.<HtmlInput>getHtmlElementById("seed").setValue("4");
        page.<HtmlElement>getHtmlElementById("predict").click();
        DomElement sample = await(() -> page.getElementById("sample"), "the generated text");
        String expected = LanguageModel.load(TestModels.languageModel())
                .generate(new GenerationRequest("the ", 30, 0.8, 5, 0.9, false, 4, 1, false)).samples().get(0).text();
        assertEquals(expected, sample.getTextContent());
        assertEquals("the " + expected, page.getElementById("generated").getTextContent());
    }

    @Test
    void aBadGenerationFieldIsShownAsTheServersMessage() throws Exception {
        HtmlPage page = open();
        pick(page, "chars", "the ");
        page.<HtmlInput>getHtmlElementById("length").setValue("100000");
        page.<HtmlElement>getHtmlElementById("predict").click();
        DomElement error = await(() -> {
            DomElement e = page.getElementById("error");
            return e.getTextContent().isEmpty() ? null : e;
        }, "the error");
        assertTrue(error.getTextContent().startsWith("length: expected an integer in [1, 4096]"), error::getTextContent);
    }
}
