package dev.rnn4j.series;

/**
 * An invertible affine map of one column, fitted on the training part only ({@link ScalerKind#fit}).
 * Implementations are records, so their parameters can be saved (e.g. with Jackson) and restored.
 */
public sealed interface Scaler permits Scaler.Identity, Scaler.Standard, Scaler.MinMax {

    /** The scaled value. */
    double transform(double x);

    /** The original value of a scaled one: {@code inverse(transform(x)) == x} up to rounding. */
    double inverse(double y);

    /** Which kind of scaler this is. */
    ScalerKind kind();

    /** {@link #transform(double)} of every element, as a new array. */
    default double[] transform(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = transform(xs[i]);
        }
        return out;
    }

    /** {@link #inverse(double)} of every element, as a new array. */
    default double[] inverse(double[] ys) {
        double[] out = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            out[i] = inverse(ys[i]);
        }
        return out;
    }

    /** No scaling. */
    record Identity() implements Scaler {
        @Override
        public double transform(double x) {
            return x;
        }

        @Override
        public double inverse(double y) {
            return y;
        }

        @Override
        public ScalerKind kind() {
            return ScalerKind.NONE;
        }
    }

    /**
     * {@code (x - mean) / std}, with the population standard deviation (divide by n, as scikit-learn's
     * StandardScaler).
     */
    record Standard(double mean, double std) implements Scaler {
        /** Validates a finite mean and a finite, positive std. */
        public Standard {
            if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("standard scaler: expected finite mean and std > 0, got mean="
                        + mean + ", std=" + std);
            }
        }

        @Override
        public double transform(double x) {
            return (x - mean) / std;
        }

        @Override
        public double inverse(double y) {
            return y * std + mean;
        }

        @Override
        public ScalerKind kind() {
            return ScalerKind.STANDARD;
        }
    }

    /** {@code (x - min) / (max - min)}: the training range maps to [0, 1]; later values may fall outside. */
    record MinMax(double min, double max) implements Scaler {
        /** Validates finite bounds with {@code min < max}. */
        public MinMax {
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
                throw new IllegalArgumentException("min-max scaler: expected finite min < max, got min=" + min
                        + ", max=" + max);
            }
        }

        @Override
        public double transform(double x) {
            return (x - min) / (max - min);
        }

        @Override
        public double inverse(double y) {
            return y * (max - min) + min;
        }

        @Override
        public ScalerKind kind() {
            return ScalerKind.MIN_MAX;
        }
    }
}
