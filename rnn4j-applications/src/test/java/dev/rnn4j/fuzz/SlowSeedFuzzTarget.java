package dev.rnn4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * A throwaway fuzz target that {@link ReplayTimeLimitTest} replays: it returns at once, except on its seed
 * {@code slow}, where it sleeps {@value #SLEEP_SECONDS} seconds. Its inputs are {@code slow} and {@code fast} in
 * {@code src/test/resources/dev/rnn4j/fuzz/SlowSeedFuzzTargetInputs/sleepsOnOneSeed/}, plus Jazzer's empty input.
 * Its name matches none of Surefire's test patterns, so {@code mvn verify} runs it only through that test.
 */
class SlowSeedFuzzTarget {

    /** How long the seed {@code slow} takes: far past the limit the test sets. */
    static final int SLEEP_SECONDS = 60;

    @FuzzTest(maxDuration = "10s")
    void sleepsOnOneSeed(byte[] input) throws InterruptedException {
        if (new String(input, StandardCharsets.UTF_8).equals("slow")) {
            Thread.sleep(SLEEP_SECONDS * 1000L);
        }
    }
}
