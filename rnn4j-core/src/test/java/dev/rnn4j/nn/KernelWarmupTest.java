package dev.rnn4j.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The warm-up's training rounds run (LSTM, GRU, full and shrinking batches) without error. */
class KernelWarmupTest {

    @Test
    void runsItsRoundsOnTheCallingThread() {
        assertEquals(8, KernelWarmup.run(Long.MAX_VALUE, 8));
    }

    @Test
    void stopsAtItsTimeBudget() {
        assertEquals(0, KernelWarmup.run(0, 8));
    }
}
