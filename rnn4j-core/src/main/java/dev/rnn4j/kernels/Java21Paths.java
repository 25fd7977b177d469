package dev.rnn4j.kernels;

/**
 * Whether the code paths that only Java 21 and later compile reliably are on.
 *
 * <p>On Java 17, C2 sometimes leaves the Vector API kernels' vectors boxed for the rest of a run,
 * and the prepared GEMM operands, the chunked input projections and the reused work buffers make
 * that more likely (BENCHMARKS.md, section "Java 17 and Java 25"). Those paths are therefore used
 * from Java 21 on; Java 17 takes the plain calls. Results are the same either way (within float
 * rounding); only speed differs.
 *
 * <p>The system property {@value #PROPERTY} ({@code true} or {@code false}) overrides the choice;
 * the tests set it to {@code true} so that these paths are tested on every JDK.
 */
public final class Java21Paths {

    /** System property that overrides the choice: {@code true} or {@code false}. */
    public static final String PROPERTY = "rnn4j.java21Paths";

    private static final boolean ENABLED = decide();

    private Java21Paths() {
    }

    /** True when the Java 21+ paths are on (see the class comment). */
    public static boolean enabled() {
        return ENABLED;
    }

    private static boolean decide() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.version().feature() >= 21;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        boolean byVersion = Runtime.version().feature() >= 21;
        System.getLogger("dev.rnn4j.kernels").log(System.Logger.Level.WARNING,
                "-D" + PROPERTY + "=" + value + " is neither true nor false; using " + byVersion);
        return byVersion;
    }
}
