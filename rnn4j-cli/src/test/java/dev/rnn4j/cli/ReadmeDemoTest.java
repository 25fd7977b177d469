package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md's quick start promises that {@code ./rnn4j demo} prints the table shown there, the same numbers on
 * every run: this runs the demo with its defaults and compares each cell's test MSE with the README's table, so
 * that a change to the training code that moves them cannot leave the README behind.
 */
class ReadmeDemoTest {

    /** A row of the README's demo table: cell, test MSE, baseline MSE. */
    private static final Pattern TABLE_ROW = Pattern.compile("^(RNN|LSTM|GRU) +([0-9.]+) +([0-9.]+) ", Pattern.MULTILINE);

    @Test
    void theDemoPrintsTheTestErrorsOfTheReadme(@TempDir Path dir) throws Exception {
        Map<String, String[]> readme = readmeTable();
        assertEquals(3, readme.size(), "README.md's demo table should list RNN, LSTM and GRU: " + readme.keySet());

        String[] run = CliTest.run("demo", "--json", "--out", dir.toString());
        assertEquals("0", run[0], run[2]);
        JsonNode results = new ObjectMapper().readTree(run[1]).get("results");
        assertEquals(3, results.size());
        for (JsonNode row : results) {
            String cell = row.get("cell").asText();
            String[] printed = readme.get(cell);
            assertTrue(printed != null, "README.md's demo table has no row for " + cell);
            assertEquals(printed[0], String.format(Locale.ROOT, "%.4f", row.get("test_mse").asDouble()),
                    cell + " test MSE: README.md shows " + printed[0]);
            assertEquals(printed[1], String.format(Locale.ROOT, "%.4f", row.get("baseline_mse").asDouble()),
                    cell + " baseline MSE: README.md shows " + printed[1]);
        }
    }

    /** The rows of the first table after the quick start's {@code ./rnn4j demo}: cell → {test MSE, baseline MSE}. */
    private static Map<String, String[]> readmeTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("Adding problem, T = 50");
        assertTrue(start >= 0, "README.md shows no demo output (\"Adding problem, T = 50\")");
        int end = readme.indexOf("```", start);
        Matcher m = TABLE_ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Map<String, String[]> rows = new LinkedHashMap<>();
        while (m.find()) {
            rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
        }
        return rows;
    }
}
