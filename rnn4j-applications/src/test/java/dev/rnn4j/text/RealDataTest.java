package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The readers on excerpts of the real data sets (src/test/resources/text, see its README.md). */
class RealDataTest {

    static Path resource(String name) {
        try {
            return Path.of(RealDataTest.class.getResource("/text/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sst2LabelTextLines() {
        Path file = resource("sst2/stsa.binary.train");
        assertEquals(DataFormat.LABEL_TEXT, DataFormat.detect(file));
        List<LabeledText> data = TextDatasets.read(file, ReadOptions.defaults().withLabels(List.of("0", "1")));
        assertEquals(300, data.size());
        assertEquals(new LabeledText("apparently reassembled from the cutting-room floor of any given daytime soap .",
                "0", file, 2), data.get(1));
        List<String> tokens = new WordTokenizer().tokenize(data.get(2).text());
        assertEquals(List.of("they", "presume", "their", "audience", "wo", "n't"), tokens.subList(0, 6));
    }

    @Test
    void sstTreesRootsAndPhrases() {
        Path file = resource("sst-trees/train.txt");
        assertEquals(DataFormat.TREES, DataFormat.detect(file));
        List<LabeledText> roots = TextDatasets.read(file, ReadOptions.defaults());
        assertEquals(150, roots.size());
        assertTrue(roots.get(0).text().startsWith("The Rock is destined to be the 21st Century 's new `` Conan ''"),
                roots.get(0).text());
        assertEquals("3", roots.get(0).label());
        List<LabeledText> binary = TextDatasets.read(file, ReadOptions.defaults().withBinary(true));
        assertTrue(binary.size() < roots.size() && binary.size() > 100, "neutral roots dropped: " + binary.size());
        List<LabeledText> phrases = TextDatasets.read(file, ReadOptions.defaults().withPhrases(true).withBinary(true));
        assertTrue(phrases.size() > 5 * binary.size(), "phrases: " + phrases.size());
        // the root sentences are among the phrases
        assertEquals(binary.get(0), phrases.get(0));
    }

    @Test
    void mrClassFilesInWindows1252() {
        Path folder = resource("mr");
        assertEquals(DataFormat.CLASS_FILES, DataFormat.detect(folder));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> TextDatasets.read(folder, ReadOptions.defaults()));
        // line 44 of rt-polarity.pos holds 0xF3 ("ladrón") and is the first invalid UTF-8 in that file
        assertTrue(e.getMessage().contains("rt-polarity."), e.getMessage());
        List<LabeledText> data = TextDatasets.read(folder,
                ReadOptions.defaults().withEncoding(Charset.forName("windows-1252")));
        Map<String, Long> counts = data.stream().collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()));
        assertEquals(Map.of("pos", 300L, "neg", 300L), counts);
        LabeledText line44 = data.stream().filter(t -> t.label().equals("pos") && t.line() == 44).findFirst().orElseThrow();
        assertTrue(line44.text().contains("ladrón de orquídeas"), line44.text());
        LabeledText line58 = data.stream().filter(t -> t.label().equals("pos") && t.line() == 58).findFirst().orElseThrow();
        assertTrue(line58.text().contains("songs \u2014 a few"), line58.text());
    }

    @Test
    void mrPosIsInvalidUtf8AtLine44() {
        Path file = resource("mr/rt-polarity.pos");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ClassFilesReader.read(List.of(file), ReadOptions.defaults()));
        assertTrue(e.getMessage().startsWith(file + ":44: "), e.getMessage());
    }
}
