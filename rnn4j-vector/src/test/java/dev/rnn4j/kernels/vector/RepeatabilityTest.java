package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.Kernels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same inputs give the same output bits on every call, from the first (interpreted) call to
 * the last (C2-compiled) one: training is reproducible only if no kernel's arithmetic depends on
 * the JIT tier or on which thread runs which part.
 *
 * <p>Regression: SmallGemm summed its accumulators with {@code reduceLanes(ADD)}, whose order is
 * unspecified; on JDK 25 the compiled intrinsic adds in a tree and the Java fallback lane after
 * lane, so {@code h · W_hhᵀ} for the last few active rows of a batch changed bits once C2 compiled
 * it, and two identical training runs drifted apart. JDK 17 happens to use one order in both tiers,
 * which is why the check also runs in a child JVM on the newest JDK installed next to this one.
 */
class RepeatabilityTest {

    /** Calls per product: the first ones run interpreted, the later ones compiled (C2 with -Xbatch). */
    private static final int ROUNDS = 400;

    @Test
    void everyKernelGivesTheSameBitsOnEveryCallInThisJvm() {
        String failure = check(ROUNDS);
        assertEquals("", failure, failure);
    }

    @Test
    void everyKernelGivesTheSameBitsOnEveryCallOnTheNewestJdk() throws IOException, InterruptedException {
        Path java = newestJava(21);
        assumeTrue(java != null, "no JDK 21 or later installed next to " + System.getProperty("java.home"));
        // -Xbatch: compilation is synchronous, so the first calls surely run interpreted (the
        // Vector API's Java fallback) and the later ones surely run C2's intrinsics.
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-Xbatch",
                "-cp", System.getProperty("java.class.path"), RepeatabilityTest.class.getName(),
                String.valueOf(ROUNDS)).redirectErrorStream(true);
        Process child = pb.start();
        byte[] out = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not end");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), java + " reported:\n" + text);
        assertTrue(text.contains("repeatable"), java + " printed no verdict:\n" + text);
    }

    /** Child entry point: exit status 0 and "repeatable" when every call repeats the first's bits. */
    public static void main(String[] args) {
        String failure = check(Integer.parseInt(args[0]));
        if (!failure.isEmpty()) {
            System.out.println(failure);
            System.exit(1);
        }
        System.out.println("repeatable on " + Runtime.version());
    }

    /** One product or pass on fixed inputs; returns its output. */
    private interface Call {
        float[] run();
    }

    /**
     * Runs every call {@code rounds} times and returns "" when each call's output bits equal its
     * first output's, else a description of the calls that changed.
     */
    static String check(int rounds) {
        Kernels kernels = new VectorKernels();
        Random random = new Random(11);
        List<String> names = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        // The few-rows GEMM paths (m ≤ 4, B transposed or not, A transposed or not), k with and
        // without a scalar tail, n with and without partial column groups; and the other paths once.
        int[][] shapes = {{1, 150, 150}, {1, 37, 256}, {2, 150, 300}, {3, 37, 150}, {4, 600, 150}, {4, 13, 7},
                {50, 600, 150}, {50, 2, 300}};
        for (int[] shape : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                int m = shape[0];
                int n = shape[1];
                int k = shape[2];
                float[] a = gaussian(random, m * k);
                float[] b = gaussian(random, k * n);
                float[] c0 = gaussian(random, m * n);
                names.add("sgemm(transA " + transA + ", transB " + transB + ", m " + m + ", n " + n + ", k " + k + ")");
                calls.add(() -> {
                    float[] c = c0.clone();
                    kernels.sgemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, 1f, c, 0, n);
                    return c;
                });
            }
        }
        for (int rows : new int[] {3, 64}) {
            int hidden = 150;
            float[] gates = gaussian(random, rows * 4 * hidden);
            float[] state = gaussian(random, rows * hidden);
            float[] grad = gaussian(random, rows * hidden);
            names.add("lstmGatesForward + lstmGatesBackward(rows " + rows + ")");
            calls.add(() -> {
                float[] acts = gates.clone();
                float[] c = new float[rows * hidden];
                float[] h = new float[rows * hidden];
                kernels.lstmGatesForward(acts, 0, state, 0, c, 0, h, 0, rows, hidden);
                float[] dGates = new float[rows * 4 * hidden];
                float[] dcPrev = new float[rows * hidden];
                kernels.lstmGatesBackward(acts, 0, state, 0, c, 0, grad, 0, state, 0, dGates, 0, dcPrev, 0, rows, hidden);
                return concat(acts, c, h, dGates, dcPrev);
            });
            float[] ih = gaussian(random, rows * 3 * hidden);
            float[] hh = gaussian(random, rows * 3 * hidden);
            names.add("gruGatesForward + gruGatesBackward(rows " + rows + ")");
            calls.add(() -> {
                float[] acts = new float[rows * 3 * hidden];
                float[] h = new float[rows * hidden];
                kernels.gruGatesForward(ih, 0, hh, 0, state, 0, acts, 0, h, 0, rows, hidden);
                float[] dIh = new float[rows * 3 * hidden];
                float[] dHh = new float[rows * 3 * hidden];
                float[] dhPrev = new float[rows * hidden];
                kernels.gruGatesBackward(acts, 0, hh, 0, state, 0, grad, 0, dIh, 0, dHh, 0, dhPrev, 0, rows, hidden);
                return concat(acts, h, dIh, dHh, dhPrev);
            });
        }
        float[][] first = new float[calls.size()][];
        int[] changed = new int[calls.size()];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < calls.size(); i++) {
                float[] out = calls.get(i).run();
                if (first[i] == null) {
                    first[i] = out;
                } else if (!sameBits(first[i], out)) {
                    changed[i]++;
                }
            }
        }
        StringBuilder failure = new StringBuilder();
        for (int i = 0; i < calls.size(); i++) {
            if (changed[i] > 0) {
                failure.append(names.get(i)).append(": ").append(changed[i]).append(" of ").append(rounds - 1)
                        .append(" later calls differ from the first in some bit\n");
            }
        }
        return failure.toString();
    }

    /**
     * The java launcher of the newest JDK of at least {@code minVersion} among the JDKs installed
     * next to the running one (siblings of java.home, read from their {@code release} files), or null.
     */
    static Path newestJava(int minVersion) throws IOException {
        Path home = Path.of(System.getProperty("java.home")).toAbsolutePath();
        Path parent = home.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return null;
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        Path best = null;
        int bestVersion = minVersion - 1;
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path release = dir.resolve("release");
                Path java = dir.resolve("bin").resolve("java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
                    continue;
                }
                Matcher matcher = version.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
                if (matcher.find() && Integer.parseInt(matcher.group(1)) > bestVersion) {
                    bestVersion = Integer.parseInt(matcher.group(1));
                    best = java;
                }
            }
        }
        return best;
    }

    private static boolean sameBits(float[] x, float[] y) {
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                return false;
            }
        }
        return true;
    }

    private static float[] gaussian(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] concat(float[]... parts) {
        int total = 0;
        for (float[] part : parts) {
            total += part.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
