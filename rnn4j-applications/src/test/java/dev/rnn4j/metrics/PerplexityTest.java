package dev.rnn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PerplexityTest {

    @Test
    void uniformModelHasPerplexityVAndLog2VBits() {
        // hand: a uniform model over 4 symbols costs ln 4 nats per token -> perplexity 4, 2 bits
        double sum = 10 * Math.log(4);
        assertEquals(4.0, Perplexity.perplexity(sum, 10), 1e-12);
        assertEquals(2.0, Perplexity.bitsPerCharacter(sum, 10), 1e-12);
        // hand: 256 byte values -> 8 bits per character
        assertEquals(8.0, Perplexity.bitsPerCharacter(3 * Math.log(256), 3), 1e-12);
    }

    @Test
    void knownValues() {
        // python3 math: exp(12.5 / 5) = 12.182493960703473, 12.5 / 5 / log(2) = 3.6067376022224087
        assertEquals(2.5, Perplexity.meanNll(12.5, 5), 0.0);
        assertEquals(12.182493960703473, Perplexity.perplexity(12.5, 5), 1e-12);
        assertEquals(3.6067376022224087, Perplexity.bitsPerCharacter(12.5, 5), 1e-12);
        assertEquals(12.182493960703473, Perplexity.perplexityFromMean(2.5), 1e-12);
        // hand: a perfect model (NLL 0) has perplexity 1 and 0 bits
        assertEquals(1.0, Perplexity.perplexity(0.0, 7), 0.0);
        assertEquals(0.0, Perplexity.bitsPerCharacter(0.0, 7), 0.0);
    }

    @Test
    void overflowGivesInfinityNotAnError() {
        assertEquals(Double.POSITIVE_INFINITY, Perplexity.perplexity(1000.0, 1));
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> Perplexity.perplexity(1.0, 0));
        assertEquals("tokenCount: expected >= 1, got 0", count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Perplexity.perplexity(Double.NaN, 3));
        assertThrows(IllegalArgumentException.class, () -> Perplexity.bitsPerCharacter(Double.POSITIVE_INFINITY, 3));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Perplexity.perplexity(-1.0, 3));
        assertEquals("sumNllNats: expected >= 0 (a negative log-likelihood of probabilities; "
                + "did you pass the log-likelihood?), got -1.0", negative.getMessage());
        IllegalArgumentException mean = assertThrows(IllegalArgumentException.class,
                () -> Perplexity.perplexityFromMean(Double.NaN));
        assertEquals("meanNllNats: expected a finite number, got NaN", mean.getMessage());
    }
}
