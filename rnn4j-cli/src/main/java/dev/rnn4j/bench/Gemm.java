package dev.rnn4j.bench;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.tensor.Rng;

/**
 * Matrix-product throughput: {@code C = A · B} with A, B, C all n × n, row-major, through
 * {@link KernelProvider#get()}'s {@code sgemm}; GFLOPS = 2n³ / median time / 10⁹ (3 warm-up calls,
 * 7 timed, as the reference's timeit). Before timing, a few entries of C are checked against a
 * float64 dot product, so a wrong kernel cannot report a speed.
 */
public final class Gemm implements Workload {

    /** The sizes of the default run. */
    public static final int[] SIZES = {256, 512, 1024, 2048};

    private final int n;
    private final int warmup;
    private final int reps;

    public Gemm(int n) {
        this(n, 3, 7);
    }

    public Gemm(int n, int warmup, int reps) {
        RandomData.checkPositive("gemm", n);
        RandomData.checkRepetitions("gemm", warmup, reps);
        if ((long) n * n > Integer.MAX_VALUE / 3) {
            throw new IllegalArgumentException("gemm: n = " + n + " is too large (three n × n float arrays)");
        }
        this.n = n;
        this.warmup = warmup;
        this.reps = reps;
    }

    @Override
    public String name() {
        return "gemm_n" + n;
    }

    @Override
    public String unit() {
        return "GFLOPS";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        float[] a = RandomData.randn(rng, n, n).f();
        float[] b = RandomData.randn(rng, n, n).f();
        float[] c = new float[n * n];
        Kernels kernels = KernelProvider.get();
        Runnable product = () -> kernels.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n);
        product.run();
        check(a, b, c, rng);
        double seconds = Timing.medianSeconds(product, warmup, reps);
        return 2.0 * n * n * n / seconds / 1e9;
    }

    private void check(float[] a, float[] b, float[] c, Rng rng) {
        for (int probe = 0; probe < 8; probe++) {
            int i = rng.nextInt(n);
            int j = rng.nextInt(n);
            double expected = 0;
            double magnitude = 0;
            for (int p = 0; p < n; p++) {
                double term = (double) a[i * n + p] * b[p * n + j];
                expected += term;
                magnitude += Math.abs(term);
            }
            double error = Math.abs(c[i * n + j] - expected);
            // the worst-case bound of float32 summation: n · 2⁻²⁴ · Σ|a·b|
            if (!(error <= n * 0x1p-24 * magnitude + 1e-6)) {
                throw new IllegalStateException("gemm_n" + n + ": sgemm is wrong at C[" + i + "][" + j + "]: expected "
                        + expected + ", got " + c[i * n + j]);
            }
        }
    }
}
