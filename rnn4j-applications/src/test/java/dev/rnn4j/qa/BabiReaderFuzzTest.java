package dev.rnn4j.qa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target of the bAbI reader ({@link BabiReader#read(java.io.Reader, Path, int)}): any text either reads as
 * questions that a model can take, or raises a {@link DataFormatException} whose message starts with the file's
 * name. Any other exception or error, or a hang, is a finding.
 *
 * <p>A text that reads must give at least one question, each with at least one statement before it, a non-blank
 * question and answer, at least one supporting fact naming one of its statements, and stories numbered from 0
 * without gaps; and it must encode into a batch ({@link QaVocabulary}, {@link QaBatch}) without error. Under
 * {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/qa/BabiReaderFuzzTestInputs/readsOrFailsClearly/}; RELIABILITY.md gives the
 * command that fuzzes it for a given time.
 */
class BabiReaderFuzzTest {

    private static final Path NAME = Path.of("fuzz.txt");

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        List<QaExample> examples;
        try {
            examples = BabiReader.read(new StringReader(text), NAME, 1);
        } catch (DataFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataFormatException without a message");
            assertTrue(e.getMessage().startsWith(NAME + ":"), "the message names the file: " + e.getMessage());
            return;
        }
        assertFalse(examples.isEmpty(), "a file that reads holds a question");
        int story = 0;
        for (QaExample e : examples) {
            assertFalse(e.facts().isEmpty(), "a statement before every question");
            assertFalse(e.question().isBlank() || e.answer().isBlank(), "a question and an answer");
            assertTrue(e.supporting().length > 0, "a supporting fact");
            for (int s : e.supporting()) {
                assertTrue(s >= 0 && s < e.facts().size(), "supporting fact " + s + " of " + e.facts().size());
            }
            assertTrue(e.story() == story || e.story() == story + 1, "stories numbered without gaps");
            story = e.story();
        }
        QaVocabulary vocabulary = QaVocabulary.of(examples);
        List<EncodedQuestion> encoded = examples.stream().map(e -> EncodedQuestion.of(vocabulary, e, 0)).toList();
        int[] all = new int[encoded.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        QaBatch batch = QaBatch.of(encoded, all);
        assertTrue(batch.answers().length == examples.size() && batch.factSteps() >= 1);
    }
}
