package dev.rnn4j.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void theBarShowsEpochLossThroughputAndEta() throws Exception {
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            new ToyTask(5).builder(8).epochs(1).progressBar(true).build().fit();
        } finally {
            System.setErr(savedErr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("epoch 1/1"), text);
        assertTrue(text.contains("8/8"), text);
        assertTrue(text.matches("(?s).*loss [0-9.]+, [0-9,.]+ seq/s.*"), text);
        assertTrue(text.contains("(0:00:00 / 0:00:00)") || text.matches("(?s).*\\d+:\\d\\d:\\d\\d.*"), text);
    }

    @Test
    void aRedirectedProcessIsNotATerminal() {
        // surefire runs tests with redirected streams
        assertTrue(!Progress.isTerminal());
    }
}
