package dev.rnn4j.lm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharVocabularyTest {

    @Test
    void idsFollowCodePointOrderAfterTheUnknownSymbol() {
        CharVocabulary v = CharVocabulary.of("banana!");
        assertEquals(List.of("!", "a", "b", "n"), v.symbols());
        assertEquals(5, v.size());
        assertArrayEquals(new int[] {3, 2, 4, 2, 4, 2, 1}, v.encode("banana!"));
        assertEquals("n", v.decode(4));
        assertEquals(CharVocabulary.UNKNOWN_TEXT, v.decode(CharVocabulary.UNKNOWN));
    }

    @Test
    void charactersOutsideTheTrainingTextAreUnknownWhenScoredAndAnErrorInAPrime() {
        CharVocabulary v = CharVocabulary.of("abc");
        assertArrayEquals(new int[] {1, 0, 3}, v.encode("azc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encodeKnown("azc\t",
                "prime"));
        assertTrue(e.getMessage().contains("prime: 2 character(s) not in the model's vocabulary"), e.getMessage());
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("U+0009"), e.getMessage());
        assertTrue(e.getMessage().contains("first at character 1"), e.getMessage());
    }

    @Test
    void aSurrogatePairIsOneCharacter() {
        CharVocabulary v = CharVocabulary.of("a\uD83D\uDE00a");
        assertEquals(3, v.size());
        assertEquals(2, v.encode("a\uD83D\uDE00").length);
        assertTrue(v.contains("\uD83D\uDE00".codePointAt(0)));
    }

    @Test
    void anEmptyOrOneCharacterTextHasNothingToPredict() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> CharVocabulary.of(""));
        assertTrue(empty.getMessage().contains("at least 2 characters") && empty.getMessage().contains("empty"),
                empty.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> CharVocabulary.of("x"));
        assertTrue(one.getMessage().contains("got 1 character"), one.getMessage());
    }

    @Test
    void symbolsRoundTrip() {
        CharVocabulary v = CharVocabulary.of("hello, world\n");
        CharVocabulary back = CharVocabulary.ofSymbols(v.symbols());
        assertEquals(v.symbols(), back.symbols());
        assertArrayEquals(v.encode("low\n"), back.encode("low\n"));
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.ofSymbols(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.ofSymbols(List.of("ab")));
        assertFalse(back.contains('z'));
    }
}
