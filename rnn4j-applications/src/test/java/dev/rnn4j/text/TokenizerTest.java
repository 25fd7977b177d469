package dev.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void wordTokenizerSplitsPunctuationAndLowerCases() {
        WordTokenizer tokenizer = new WordTokenizer();
        assertEquals(List.of("don't", "stop", "-", "-", "it's", "\"", "great", "\"", "!"),
                tokenizer.tokenize("Don't stop -- it's \"great\"!"));
    }

    @Test
    void wordTokenizerKeepsPtbClitics() {
        WordTokenizer tokenizer = new WordTokenizer();
        assertEquals(List.of("they", "wo", "n't", "sit", "still", ",", "he", "'s", "here", "."),
                tokenizer.tokenize("they wo n't sit still , he 's here ."));
        assertEquals(List.of("we", "'ll", "'re", "'ve", "'d", "'m"),
                tokenizer.tokenize("we 'll 're 've 'd 'm"));
    }

    @Test
    void wordTokenizerSplitsQuotesThatAreNotClitics() {
        assertEquals(List.of("'", "hello", "'"), new WordTokenizer().tokenize("'hello'"));
        assertEquals(List.of("dogs", "'"), new WordTokenizer().tokenize("dogs'"));
    }

    @Test
    void wordTokenizerKeepsHyphenatedWordsNumbersAndPtbBrackets() {
        WordTokenizer tokenizer = new WordTokenizer();
        assertEquals(List.of("re-imagining", "of", "1930s", "costs", "$", "1,000.50", "at", "3:30", "-lrb-", "a", "-rrb-"),
                tokenizer.tokenize("re-imagining of 1930s costs $1,000.50 at 3:30 -LRB- a -RRB-"));
        assertEquals(List.of("end", ".", "next"), tokenizer.tokenize("end.next"));
    }

    @Test
    void wordTokenizerWithoutOptionsOnlySplitsOnWhitespace() {
        WordTokenizer tokenizer = new WordTokenizer(false, false);
        assertEquals(List.of("Hello,", "World!", "2\u00A01\\/2"), tokenizer.tokenize("  Hello,\tWorld!\n 2\u00A01\\/2 "));
    }

    @Test
    void wordTokenizerKeepsNoBreakSpaceInsideToken() {
        assertEquals(List.of("2\u00A01\\/2"), new WordTokenizer(true, false).tokenize("2\u00A01\\/2"));
    }

    @Test
    void wordTokenizerLowerCasesOnlyWhenAsked() {
        assertEquals(List.of("Crème", "Brûlée", "."), new WordTokenizer(false, true).tokenize("Crème Brûlée."));
        assertEquals(List.of("crème", "brûlée", "."), new WordTokenizer(true, true).tokenize("Crème Brûlée."));
    }

    @Test
    void blankTextGivesNoTokens() {
        assertEquals(List.of(), new WordTokenizer().tokenize(" \t\n"));
        assertEquals(List.of(), new CharTokenizer().tokenize("   "));
    }

    @Test
    void nullTextIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WordTokenizer().tokenize(null));
        assertThrows(IllegalArgumentException.class, () -> new CharTokenizer().tokenize(null));
    }

    @Test
    void charTokenizerGivesCodePointsAndCollapsesWhitespace() {
        assertEquals(List.of("a", " ", "B", "😀", "."), new CharTokenizer().tokenize(" a  \tB😀. "));
        assertEquals(List.of(" ", "a", " ", " ", "b"), new CharTokenizer(false, false).tokenize(" a  b"));
        assertEquals(List.of("a", "b"), new CharTokenizer(true, true).tokenize("AB"));
    }
}
