package dev.rnn4j.nn;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/**
 * Parameter initialisers, as {@code torch.nn.init}. Each fills a tensor in place and returns it.
 * The random streams are rnn4j's own ({@link Rng}), so values differ from PyTorch's for the same
 * seed, but the distributions are the same.
 */
public final class Init {

    private Init() {
    }

    /** U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Rng rng) {
        for (int i = 0; i < t.numel(); i++) {
            t.setFlat(i, low + (high - low) * rng.nextDouble());
        }
        return t;
    }

    /** N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        for (int i = 0; i < t.numel(); i++) {
            t.setFlat(i, mean + std * rng.nextGaussian());
        }
        return t;
    }

    /** A constant. */
    public static Tensor constant(Tensor t, double value) {
        for (int i = 0; i < t.numel(); i++) {
            t.setFlat(i, value);
        }
        return t;
    }

    /** fan_in and fan_out of a weight (out, in, ...), as PyTorch computes them. */
    static int[] fans(Tensor t) {
        if (t.rank() < 2) {
            throw new IllegalArgumentException("fan in/out need a tensor of rank ≥ 2, got rank " + t.rank());
        }
        int receptive = 1;
        for (int i = 2; i < t.rank(); i++) {
            receptive *= t.size(i);
        }
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    /**
     * A new recurrent parameter of {@code shape}'s shape, filled as the cell declares it: U(−bound,
     * bound) (drawing from {@code rng}), ones or zeros (drawing nothing).
     */
    static Tensor recurrentParameter(dev.rnn4j.recurrent.Cell.ParameterShape shape, double bound, Rng rng) {
        Tensor t = Tensor.zeros(shape.shape());
        return switch (shape.fill()) {
            case UNIFORM -> uniform(t, -bound, bound, rng);
            case ONES -> constant(t, 1);
            case ZEROS -> t;
        };
    }

    /** Xavier/Glorot uniform: U(±gain·√(6 / (fan_in + fan_out))). */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        int[] f = fans(t);
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, -a, a, rng);
    }

    /** Xavier/Glorot normal: N(0, gain²·2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        int[] f = fans(t);
        return normal(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
    }

    /** Kaiming/He uniform for ReLU-family layers, fan_in mode: U(±gain·√(3 / fan_in)), gain = √(2 / (1 + a²)). */
    public static Tensor kaimingUniform(Tensor t, double a, Rng rng) {
        int fanIn = fans(t)[0];
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = gain * Math.sqrt(3.0 / fanIn);
        return uniform(t, -bound, bound, rng);
    }

    /** Kaiming/He normal, fan_in mode: N(0, gain² / fan_in). */
    public static Tensor kaimingNormal(Tensor t, double a, Rng rng) {
        int fanIn = fans(t)[0];
        double gain = Math.sqrt(2.0 / (1 + a * a));
        return normal(t, 0, gain / Math.sqrt(fanIn), rng);
    }

    /**
     * (Semi-)orthogonal init of a (rows, cols) matrix, as {@code torch.nn.init.orthogonal_}: QR of
     * a Gaussian matrix with the signs of R's diagonal folded in. For a stacked recurrent weight
     * (G·H, H) use {@link #orthogonalPerGate}.
     */
    public static Tensor orthogonal(Tensor t, double gain, Rng rng) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("orthogonal init needs a matrix, got rank " + t.rank());
        }
        int rows = t.size(0);
        int cols = t.size(1);
        double[] m = orthogonalMatrix(rows, cols, rng);
        for (int i = 0; i < m.length; i++) {
            t.setFlat(i, gain * m[i]);
        }
        return t;
    }

    /** Orthogonal init of each (H, H) gate block of a stacked recurrent matrix (G·H, H). */
    public static Tensor orthogonalPerGate(Tensor t, int gates, Rng rng) {
        int hidden = t.size(1);
        if (t.size(0) != gates * hidden) {
            throw new IllegalArgumentException("expected a (" + gates + "·H, H) matrix, got (" + t.size(0) + ", "
                    + hidden + ")");
        }
        for (int g = 0; g < gates; g++) {
            double[] m = orthogonalMatrix(hidden, hidden, rng);
            for (int i = 0; i < m.length; i++) {
                t.setFlat(g * hidden * hidden + i, m[i]);
            }
        }
        return t;
    }

    /** Sets the forget-gate slice [H, 2H) of an LSTM bias (4H) to {@code value}. */
    public static Tensor lstmForgetBias(Tensor bias, double value) {
        int hidden = bias.numel() / 4;
        if (bias.rank() != 1 || hidden * 4 != bias.numel()) {
            throw new IllegalArgumentException("expected an LSTM bias of shape (4H,), got " + bias.numel()
                    + " elements");
        }
        for (int j = hidden; j < 2 * hidden; j++) {
            bias.setFlat(j, value);
        }
        return bias;
    }

    /** Gram–Schmidt (modified, twice) on a Gaussian matrix: rows × cols with orthonormal rows or columns. */
    private static double[] orthogonalMatrix(int rows, int cols, Rng rng) {
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows; // long side
        int k = transpose ? rows : cols; // short side: k orthonormal vectors of length n
        double[][] q = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = rng.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[j][i] * q[p][i];
                    }
                    for (int i = 0; i < n; i++) {
                        q[j][i] -= dot * q[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = transpose ? q[r][c] : q[c][r];
            }
        }
        return out;
    }
}
