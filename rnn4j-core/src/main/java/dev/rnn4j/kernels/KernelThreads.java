package dev.rnn4j.kernels;

/**
 * The one place where the kernels' thread count is set and read.
 *
 * <p>The count comes from the system property {@value #PROPERTY} (a whole number in [1, 1024];
 * default: the number of processors). {@link #set} writes the property and tells the kernels in
 * use, so it takes effect for the next call even after the kernels were loaded. Same seed and same
 * thread count give bit-identical training.
 */
public final class KernelThreads {

    /** The system property holding the thread count. */
    public static final String PROPERTY = "rnn4j.threads";

    /** The largest accepted thread count. */
    public static final int MAX = 1024;

    private KernelThreads() {
    }

    /**
     * Sets the number of threads the kernels may use (1 = the calling thread only).
     *
     * @throws IllegalArgumentException if {@code threads} is outside [1, {@value #MAX}]
     */
    public static void set(int threads) {
        if (threads < 1 || threads > MAX) {
            throw new IllegalArgumentException("threads: expected a count in [1, " + MAX + "], got " + threads);
        }
        System.setProperty(PROPERTY, Integer.toString(threads));
        KernelProvider.get().useThreads(threads);
    }

    /**
     * The configured count, or the number of processors when the property is unset or not a valid
     * count (then with a warning that names the value). The Vector API kernels read it when first
     * used.
     */
    public static int configured() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return cpus;
        }
        try {
            int t = Integer.parseInt(value.trim());
            if (t >= 1 && t <= MAX) {
                return t;
            }
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        System.getLogger("dev.rnn4j.kernels").log(System.Logger.Level.WARNING,
                "-D" + PROPERTY + "=" + value + " is not a thread count in [1, " + MAX + "]; using " + cpus);
        return cpus;
    }

    /** The setting as a checkpoint records it: the property's value, or "default (N processors)". */
    public static String describe() {
        String value = System.getProperty(PROPERTY);
        return value != null ? value.trim() : "default (" + Runtime.getRuntime().availableProcessors() + " processors)";
    }
}
