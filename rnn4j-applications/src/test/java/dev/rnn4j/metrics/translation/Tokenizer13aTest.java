package dev.rnn4j.metrics.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected tokens: sacreBLEU 2.6.0's {@code Tokenizer13a} on the same lines ({@code tools/make_bleu_reference.py}). */
class Tokenizer13aTest {

    private final Tokenizer13a tok = new Tokenizer13a();

    @Test
    void matchesSacreBleu() {
        assertEquals("It costs $ 3,000.50 - that is 1 - 2 days' pay , isn't it ?",
                tok.tokenize("It costs $3,000.50 - that is 1-2 days' pay, isn't it?"));
        assertEquals("See < b > & < / b > \" quoted \" < tags > e . g . U . S . A . 3.14 , 2 .",
                tok.tokenize("See <b>&amp;</b> &quot;quoted&quot; &lt;tags&gt; e.g. U.S.A. 3.14, 2."));
        assertEquals("ab linebreak next", tok.tokenize("a<skipped>b line-\nbreak\nnext"));
        assertEquals("{ x } [ y ] ` z ` ~ | ^ _ \\ @ # 1 % 2 + 3 = 4", tok.tokenize("{x}[y]`z`~|^_\\@ #1 %2 +3 =4"));
        assertEquals("Zwei Hunde spielen – „gut“ 😀 .", tok.tokenize("Zwei\u00a0Hunde\u2003spielen – „gut“ 😀."));
        assertEquals(". . . , , ,1.2.3,4,5 - 6 - -7", tok.tokenize("...,,,1.2.3,4,5-6--7"));
        assertEquals("", tok.tokenize("   "));
    }

    @Test
    void pythonFormattingRoundsHalfToEven() {
        // Python: f"{0.125:.2f}" == "0.12", f"{0.375:.2f}" == "0.38", f"{2.675:.2f}" == "2.67" (binary value below)
        assertEquals("0.12", PythonText.fixed(0.125, 2));
        assertEquals("0.38", PythonText.fixed(0.375, 2));
        assertEquals("2.67", PythonText.fixed(2.675, 2));
        assertEquals("100.0", PythonText.fixed(100.0, 1));
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> tok.tokenize(null));
    }
}
