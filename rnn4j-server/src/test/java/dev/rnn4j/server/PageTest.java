package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTextArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page at {@code /} in a headless browser (HtmlUnit: it needs no browser installed, so it runs in
 * {@code mvn verify} everywhere): pick a model, type a text or paste a series, click Predict, read the result.
 */
class PageTest {

    static ModelServer server;
    static WebClient browser;

    @BeforeAll
    static void start() {
        server = ModelServer.start(List.of(ServedModel.load("sentiment", TestModels.classifier()),
                ServedModel.load("passengers", TestModels.forecaster())), ServerOptions.defaults().withPort(0));
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
        await(() -> select.getOptionSize() == 2 ? select.getOption(1) : null, "the two models");
        return page;
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
}
