package dev.rnn4j.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both warm-ups run without error and stop at their step count or time budget: the tiny training
 * steps (Java 21+) and the recurrent rounds kept for Java 17 (LSTM, GRU, full and shrinking batches).
 */
class KernelWarmupTest {

    @Test
    void runsItsTinyTrainingStepsOnTheCallingThread() {
        assertEquals(8, KernelWarmup.run(Long.MAX_VALUE, 8));
    }

    @Test
    void tinyStepsStopAtTheTimeBudget() {
        assertEquals(0, KernelWarmup.run(0, 8));
    }

    @Test
    void runsTheRecurrentRoundsOnTheCallingThread() {
        assertEquals(8, KernelWarmup.runRecurrentRounds(Long.MAX_VALUE, 8));
    }

    @Test
    void recurrentRoundsStopAtTheTimeBudget() {
        assertEquals(0, KernelWarmup.runRecurrentRounds(0, 8));
    }
}
