package dev.rnn4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Bounds the time of each input a fuzz target replays: in replay mode (Jazzer's {@code JAZZER_FUZZ} unset, as in
 * {@code mvn verify}), every invocation of a {@code @FuzzTest} method, one per committed input, runs in a thread of
 * its own and fails once it has run longer than {@value #DEFAULT_SECONDS} seconds, with a message that names the
 * input and the limit; the thread is interrupted and left behind, so a hang cannot stop the build. In fuzzing mode
 * it does nothing: libFuzzer's {@code -timeout} bounds each input there (JUnit's {@code @Timeout} cannot do both, as
 * in fuzzing mode it would bound the whole run).
 *
 * <p>The configuration parameter {@value #LIMIT_PARAMETER} (seconds) overrides the limit. The extension is
 * registered for every test of a module by JUnit's extension auto-detection
 * ({@code junit.jupiter.extensions.autodetection.enabled=true} in its {@code junit-platform.properties} and the
 * service file {@code META-INF/services/org.junit.jupiter.api.extension.Extension} of this test tree), so no fuzz
 * target can be without it. It finds {@code @FuzzTest} by name, so a module without Jazzer may load it too.
 */
public final class ReplayTimeLimit implements InvocationInterceptor {

    /**
     * The limit per input without {@value #LIMIT_PARAMETER}: three times libFuzzer's {@code -timeout} in fuzzing mode,
     * since a replay shares the machine with the rest of the build (the server's translator takes about 10 s for one
     * sentence with beam 5 on a 2-core machine running two other builds), while a hang still ends within it.
     */
    public static final long DEFAULT_SECONDS = 30;

    /** The configuration parameter that sets the limit per replayed input, in seconds. */
    public static final String LIMIT_PARAMETER = "rnn4j.fuzz.replay.timeout.seconds";

    private static final String FUZZ_TEST = "com.code_intelligence.jazzer.junit.FuzzTest";

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        if (!isFuzzTest(invocationContext.getExecutable()) || fuzzing()) {
            invocation.proceed();
            return;
        }
        long seconds = extensionContext.getConfigurationParameter(LIMIT_PARAMETER, Long::parseLong)
                .orElse(DEFAULT_SECONDS);
        String input = extensionContext.getRequiredTestMethod().getDeclaringClass().getSimpleName() + "#"
                + extensionContext.getRequiredTestMethod().getName() + " " + extensionContext.getDisplayName();
        assertTimeoutPreemptively(Duration.ofSeconds(seconds), () -> {
            invocation.proceed();
            return null;
        }, () -> "fuzz input " + input + " ran longer than the replay limit of " + seconds + " s per input ("
                + LIMIT_PARAMETER + "): a hang, or an input far slower than the others");
    }

    /** Whether Jazzer fuzzes rather than replays: {@code JAZZER_FUZZ} (environment or system property) read as it does. */
    static boolean fuzzing() {
        return truthy(System.getenv("JAZZER_FUZZ")) || truthy(System.getProperty("JAZZER_FUZZ"));
    }

    private static boolean truthy(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1")
                || value.toLowerCase(Locale.ROOT).equals("yes"));
    }

    private static boolean isFuzzTest(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().getName().equals(FUZZ_TEST)) {
                return true;
            }
        }
        return false;
    }
}
