package dev.rnn4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The replay time limit ({@link ReplayTimeLimit}) as {@code mvn verify} meets it: {@link SlowSeedFuzzTarget} is
 * replayed through the JUnit launcher, with this module's {@code junit-platform.properties} (so the extension comes
 * from auto-detection, as for every fuzz target) and a limit of 1 s. Its seed {@code slow}, which sleeps 60 s, must
 * fail with the limit's message after about a second (timed from its own start: the first fuzz target of a JVM
 * also waits for Jazzer's agent, before its inputs run); its other two inputs must pass. Without the extension the
 * slow seed would pass after 60 s, and this test fails.
 */
class ReplayTimeLimitTest {

    @Test
    void aSlowInputFailsTheReplayWithAMessageNamingItAndTheLimit() {
        assumeFalse(ReplayTimeLimit.fuzzing(), "JAZZER_FUZZ is set: the targets fuzz rather than replay");
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        List<Long> failedSeconds = new ArrayList<>();
        Map<String, Long> started = new HashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier test) {
                started.put(test.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.add(test.getDisplayName());
                } else {
                    failed.add(test.getDisplayName());
                    failures.add(result.getThrowable().orElse(null));
                    long nanos = System.nanoTime() - started.get(test.getUniqueId());
                    failedSeconds.add(TimeUnit.NANOSECONDS.toSeconds(nanos));
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SlowSeedFuzzTarget.class))
                .configurationParameter(ReplayTimeLimit.LIMIT_PARAMETER, "1")
                .build(), listener);

        assertEquals(1, failed.size(), "one failed input, the slow seed; failed " + failed + ", passed " + passed);
        assertTrue(failed.get(0).contains("slow"), "the failed input is the slow seed: " + failed);
        assertEquals(2, passed.size(), "the empty input and the seed 'fast' pass: " + passed);
        String message = String.valueOf(failures.get(0) == null ? null : failures.get(0).getMessage());
        assertTrue(message.contains("SlowSeedFuzzTarget#sleepsOnOneSeed") && message.contains("slow")
                && message.contains("ran longer than the replay limit of 1 s"), message);
        assertTrue(failedSeconds.get(0) < SlowSeedFuzzTarget.SLEEP_SECONDS / 2, "the replay stopped the slow input"
                + " after " + failedSeconds.get(0) + " s rather than waiting for it");
    }
}
