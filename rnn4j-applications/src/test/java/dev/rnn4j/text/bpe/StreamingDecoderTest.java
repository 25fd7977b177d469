package dev.rnn4j.text.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingDecoderTest {

    private static final BpeModel MODEL = BpeLearner.builder().merges(40).build()
            .learn(List.of("the cat sees the moon.\na dog likes the river.\n"));

    private static List<String> pieces(List<String> tokens) {
        StreamingDecoder decoder = new StreamingDecoder();
        List<String> out = new ArrayList<>();
        for (String token : tokens) {
            out.add(decoder.append(token));
        }
        out.add(decoder.finish());
        return out;
    }

    @Test
    void ordinaryTokensComeOutAtOnceAndByteTokensWhenTheirCharacterIsWhole() {
        List<String> tokens = MODEL.tokenize("the cat😀 sees Ž");
        List<String> pieces = pieces(tokens);
        assertEquals(MODEL.decode(tokens), String.join("", pieces));
        // the emoji is four byte tokens: three empty pieces, then the whole character
        int first = tokens.indexOf("<0xF0>");
        assertEquals(List.of("", "", "", "😀"), pieces.subList(first, first + 4));
        assertEquals(tokens.get(0), pieces.get(0));
        assertEquals("", pieces.get(pieces.size() - 1));
    }

    @Test
    void brokenBytesComeOutAsTheyDecodeInOneRun() {
        // a lead byte cut short by an ordinary token, a stray continuation byte, an invalid lead, and a
        // character unfinished at the end
        List<String> tokens = List.of("<0xE2>", "<0x82>", "the", "<0x82>", "<0xFF>", "<0x41>", "<0xC3>", "<0xA9>",
                "<0xF0>", "<0x9F>");
        List<String> pieces = pieces(tokens);
        assertEquals(MODEL.decode(tokens), String.join("", pieces));
        assertEquals("\uFFFDthe", pieces.get(2));
        assertEquals("é", pieces.get(7));
        assertEquals("\uFFFD", pieces.get(pieces.size() - 1));
    }

    @Test
    void randomByteRunsDecodeAsTheWholeSequenceDoes() {
        Random random = new Random(3);
        for (int round = 0; round < 500; round++) {
            List<String> tokens = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(4);
                if (kind == 0) {
                    tokens.add(" cat");
                } else {
                    int b = kind == 1 ? 0x80 + random.nextInt(0x40) : kind == 2 ? 0xC0 + random.nextInt(0x40)
                            : random.nextInt(0x80);
                    tokens.add(String.format("<0x%02X>", b));
                }
            }
            assertEquals(MODEL.decode(tokens), String.join("", pieces(tokens)), tokens.toString());
        }
    }

    @Test
    void aNullTokenIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StreamingDecoder().append(null));
        assertEquals(0xA9, BpeModel.byteValue("<0xA9>"));
        assertEquals(-1, BpeModel.byteValue(" cat"));
    }
}
