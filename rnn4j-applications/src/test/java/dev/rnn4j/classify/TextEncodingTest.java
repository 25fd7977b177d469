package dev.rnn4j.classify;

import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.text.WordTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labelled texts to tokens, ids and label indices, with errors that name the file and line. */
class TextEncodingTest {

    private static final WordTokenizer TOKENIZER = new WordTokenizer(true, true);

    @Test
    void tokensIdsAndLabels() {
        List<LabeledText> examples = List.of(new LabeledText("A fine film.", "pos"),
                new LabeledText("Dull", "neg"));
        List<List<String>> tokens = TextEncoding.tokenizeAll(examples, TOKENIZER);
        assertEquals(List.of(List.of("a", "fine", "film", "."), List.of("dull")), tokens);
        Vocabulary vocabulary = Vocabulary.build(tokens, 1, 100);
        List<int[]> ids = TextEncoding.encodeAll(tokens, vocabulary);
        assertEquals(vocabulary.encode(List.of("dull"))[0], ids.get(1)[0]);
        LabelSet labels = LabelSet.of(List.of("neg", "pos"));
        assertArrayEquals(new int[] {1, 0}, TextEncoding.labelIndices(examples, labels));
    }

    @Test
    void badExamplesAreNamedByFileAndLine() {
        Path file = Path.of("reviews.tsv");
        DataFormatException empty = assertThrows(DataFormatException.class, () -> TextEncoding.tokenizeAll(
                List.of(new LabeledText("   ", "pos", file, 7)), TOKENIZER));
        assertTrue(empty.getMessage().contains("reviews.tsv") && empty.getMessage().contains("7"),
                empty.getMessage());
        DataFormatException unknown = assertThrows(DataFormatException.class, () -> TextEncoding.labelIndices(
                List.of(new LabeledText("fine", "meh", file, 3)), LabelSet.of(List.of("neg", "pos"))));
        assertTrue(unknown.getMessage().contains("meh") && unknown.getMessage().contains("3"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextEncoding.tokenizeAll(
                java.util.Arrays.asList((LabeledText) null), TOKENIZER));
    }

    @Test
    void accuracyAndArgmax() {
        assertArrayEquals(new int[] {1, 0, 0}, TextEncoding.argmaxRows(new float[] {0, 1, 2, 1, 3, 3}, 3, 2));
        assertEquals(2.0 / 3, TextEncoding.accuracy(new int[] {1, 0, 0}, new int[] {1, 1, 0}));
        var report = TextEncoding.metrics(new double[] {0, 1, 2, 1, 3, 3}, new int[] {1, 1, 0},
                LabelSet.of(List.of("neg", "pos")));
        assertEquals(2.0 / 3, report.accuracy(), 1e-12);
    }
}
