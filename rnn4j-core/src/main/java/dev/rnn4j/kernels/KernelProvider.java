package dev.rnn4j.kernels;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Chooses the {@link Kernels} implementation once, at first use.
 *
 * <p>The Vector API implementation ({@code dev.rnn4j.kernels.vector.VectorKernels}, module
 * {@code rnn4j-vector}) is used when its class is on the class path and the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; otherwise the scalar reference. Setting the system
 * property {@code rnn4j.kernels=scalar} forces the reference. One log line names the choice, and
 * when the vector path is missing it names the flag that would enable it (as Lucene's provider does).
 */
public final class KernelProvider {

    /** System property that forces an implementation: {@code scalar} or {@code vector}. */
    public static final String PROPERTY = "rnn4j.kernels";

    private static final String VECTOR_CLASS = "dev.rnn4j.kernels.vector.VectorKernels";
    private static final Logger LOG = System.getLogger("dev.rnn4j.kernels");

    private static volatile Kernels current;

    private KernelProvider() {
    }

    /** The implementation in use (chosen on first call). */
    public static Kernels get() {
        Kernels k = current;
        if (k == null) {
            synchronized (KernelProvider.class) {
                if (current == null) {
                    current = choose();
                    LOG.log(Level.INFO, "rnn4j kernels: " + current.name());
                }
                k = current;
            }
        }
        return k;
    }

    /** Replaces the implementation (tests and benchmarks compare implementations this way). */
    public static void set(Kernels kernels) {
        current = java.util.Objects.requireNonNull(kernels, "kernels");
    }

    /** The Vector API implementation if it can be loaded here, else null (and why, in the log). */
    public static Kernels tryVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.log(Level.INFO, "rnn4j: Vector API not enabled; start java with --add-modules jdk.incubator.vector "
                    + "for the fast kernels. Using the scalar reference.");
            return null;
        }
        try {
            Class<?> type = Class.forName(VECTOR_CLASS);
            return (Kernels) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            LOG.log(Level.INFO, "rnn4j: rnn4j-vector is not on the class path; using the scalar reference.");
            return null;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.WARNING, "rnn4j: could not start the Vector API kernels (" + e + "); using the scalar reference.");
            return null;
        }
    }

    private static Kernels choose() {
        String forced = System.getProperty(PROPERTY, "").trim();
        if (forced.equalsIgnoreCase("scalar")) {
            return ScalarKernels.INSTANCE;
        }
        Kernels vector = tryVector();
        if (vector == null && forced.equalsIgnoreCase("vector")) {
            throw new IllegalStateException("-D" + PROPERTY + "=vector was given but the Vector API kernels "
                    + "could not be loaded: start java with --add-modules jdk.incubator.vector and put rnn4j-vector "
                    + "on the class path");
        }
        return vector != null ? vector : ScalarKernels.INSTANCE;
    }
}
