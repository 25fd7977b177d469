package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI end to end with tiny arguments. */
class CliTest {

    /** Runs the CLI capturing stdout and stderr. */
    static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void demoWithTinySettingsPrintsJsonAndWritesTheChart(@TempDir Path dir) throws Exception {
        String[] r = run("demo", "--steps", "4", "--seq-len", "6", "--hidden", "3", "--batch-size", "4",
                "--json", "--out", dir.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode json = new ObjectMapper().readTree(r[1]);
        assertEquals(3, json.get("results").size());
        assertEquals("LSTM", json.get("results").get(1).get("cell").asText());
        assertTrue(json.get("results").get(0).get("baseline_mse").asDouble() > 0);
        assertTrue(Files.size(dir.resolve("adding-problem.png")) > 1000);
    }

    @Test
    void demoRejectsAnUnknownCell(@TempDir Path dir) {
        String[] r = run("demo", "--cells", "RNN,TRANSFORMER", "--out", dir.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown cell 'TRANSFORMER'"), r[2]);
    }

    @Test
    void goldenCommandPassesTheShippedCases(@TempDir Path dir) throws Exception {
        // copy two cases out of the core test resources that ship with the repository
        Path golden = Path.of("..", "rnn4j-core", "src", "test", "resources", "golden");
        for (String c : new String[] {"lstm_packed_bidir_2layer", "sentiment_lstm_bce"}) {
            Files.copy(golden.resolve(c + ".safetensors"), dir.resolve(c + ".safetensors"));
        }
        String[] r = run("golden", dir.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("PASS lstm_packed_bidir_2layer"), r[1]);
        assertTrue(r[1].trim().endsWith("2 passed, 0 failed"), r[1]);
    }

    @Test
    void goldenCommandReportsABrokenCaseAndFails(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("broken.safetensors"), new byte[] {1, 2, 3});
        String[] r = run("golden", dir.toString());
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("FAIL broken"), r[1]);
        assertTrue(r[1].trim().endsWith("0 passed, 1 failed"), r[1]);
    }
}
