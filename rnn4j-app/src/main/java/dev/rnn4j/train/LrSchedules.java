package dev.rnn4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The learning-rate schedules, with PyTorch's formulas (closed forms, so the rate of any step is
 * computed directly and a resumed run needs no replay).
 *
 * <table>
 *   <caption>Schedules (e = 0-based epoch, s = 0-based step, η = base rate)</caption>
 *   <tr><td>{@link #constant()}</td><td>η</td></tr>
 *   <tr><td>{@link #step(int, double)}</td><td>η·γ^⌊e/stepSize⌋ ({@code StepLR})</td></tr>
 *   <tr><td>{@link #multiStep(int[], double)}</td><td>η·γ^(number of milestones ≤ e) ({@code MultiStepLR})</td></tr>
 *   <tr><td>{@link #exponential(double)}</td><td>η·γ^e ({@code ExponentialLR})</td></tr>
 *   <tr><td>{@link #cosine(int, double)}</td><td>ηmin + (η − ηmin)(1 + cos(π·e/T))/2 ({@code CosineAnnealingLR})</td></tr>
 *   <tr><td>{@link #cosineSteps(long, double)}</td><td>the same per step, s clamped to T</td></tr>
 *   <tr><td>{@link #reduceOnPlateau}</td><td>η·factor^k after k plateaus ({@code ReduceLROnPlateau}, relative threshold)</td></tr>
 *   <tr><td>{@link #warmup(LrSchedule, long)}</td><td>inner·min(1, (s+1)/W)</td></tr>
 * </table>
 */
public final class LrSchedules {

    private LrSchedules() {
    }

    /** The base rate throughout. */
    public static LrSchedule constant() {
        return new LrSchedule() {
            @Override
            public double learningRate(double baseLr, long step, int epoch) {
                return baseLr;
            }

            @Override
            public String describe() {
                return "constant";
            }
        };
    }

    /** {@code StepLR}: multiply by {@code gamma} every {@code stepSize} epochs. */
    public static LrSchedule step(int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step schedule: stepSize must be at least 1 epoch, got " + stepSize);
        }
        checkFactor("step schedule: gamma", gamma);
        return new LrSchedule() {
            @Override
            public double learningRate(double baseLr, long step, int epoch) {
                return baseLr * Math.pow(gamma, epoch / stepSize);
            }

            @Override
            public String describe() {
                return "step(stepSize=" + stepSize + " epochs, gamma=" + gamma + ")";
            }
        };
    }

    /** {@code MultiStepLR}: multiply by {@code gamma} at each milestone epoch (strictly increasing, >= 1). */
    public static LrSchedule multiStep(int[] milestones, double gamma) {
        Objects.requireNonNull(milestones, "milestones");
        checkFactor("multiStep schedule: gamma", gamma);
        int[] m = milestones.clone();
        for (int i = 0; i < m.length; i++) {
            if (m[i] < 1 || (i > 0 && m[i] <= m[i - 1])) {
                throw new IllegalArgumentException("multiStep schedule: milestones must be strictly increasing epochs "
                        + ">= 1, got " + java.util.Arrays.toString(milestones));
            }
        }
        return new LrSchedule() {
            @Override
            public double learningRate(double baseLr, long step, int epoch) {
                int passed = 0;
                while (passed < m.length && m[passed] <= epoch) {
                    passed++;
                }
                return baseLr * Math.pow(gamma, passed);
            }

            @Override
            public String describe() {
                return "multiStep(milestones=" + java.util.Arrays.toString(m) + ", gamma=" + gamma + ")";
            }
        };
    }

    /** {@code ExponentialLR}: multiply by {@code gamma} every epoch. */
    public static LrSchedule exponential(double gamma) {
        checkFactor("exponential schedule: gamma", gamma);
        return new LrSchedule() {
            @Override
            public double learningRate(double baseLr, long step, int epoch) {
                return baseLr * Math.pow(gamma, epoch);
            }

            @Override
            public String describe() {
                return "exponential(gamma=" + gamma + ")";
            }
        };
    }

    /**
     * {@code CosineAnnealingLR} over epochs, in PyTorch's closed form
     * {@code ηmin + (η − ηmin)(1 + cos(π·e/tMax))/2} (past {@code tMax} the cosine continues, as in
     * PyTorch's closed form).
     */
    public static LrSchedule cosine(int tMaxEpochs, double etaMin) {
        if (tMaxEpochs <= 0) {
            throw new IllegalArgumentException("cosine schedule: tMax must be at least 1 epoch, got " + tMaxEpochs);
        }
        checkRate("cosine schedule: etaMin", etaMin);
        return new LrSchedule() {
            @Override
            public double learningRate(double baseLr, long step, int epoch) {
                return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMaxEpochs)) / 2;
            }

            @Override
            public String describe() {
                return "cosine(tMax=" + tMaxEpochs + " epochs, etaMin=" + etaMin + ")";
            }
        };
    }

    /** Cosine annealing per step from η at step 0 to {@code etaMin} at {@code totalSteps}, then flat. */
    public static LrSchedule cosineSteps(long totalSteps, double etaMin) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("cosineSteps schedule: totalSteps must be at least 1, got " + totalSteps);
        }
        checkRate("cosineSteps schedule: etaMin", etaMin);
        return new LrSchedule() {
            @Override
            public double learningRate(double baseLr, long step, int epoch) {
                long s = Math.min(step, totalSteps);
                return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * s / totalSteps)) / 2;
            }

            @Override
            public String describe() {
                return "cosineSteps(totalSteps=" + totalSteps + ", etaMin=" + etaMin + ")";
            }
        };
    }

    /**
     * Linear warm-up in front of {@code inner}: step s uses {@code inner(s)·min(1, (s+1)/steps)}, so
     * the first step already moves (at 1/steps of the rate) and step {@code steps − 1} reaches the
     * full rate. Keeps the inner schedule's state.
     */
    public static LrSchedule warmup(LrSchedule inner, long steps) {
        Objects.requireNonNull(inner, "inner");
        if (steps <= 0) {
            throw new IllegalArgumentException("warmup: steps must be at least 1, got " + steps);
        }
        return new LrSchedule() {
            @Override
            public double learningRate(double baseLr, long step, int epoch) {
                double rate = inner.learningRate(baseLr, step, epoch);
                return step + 1 >= steps ? rate : rate * (step + 1) / steps;
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> metrics) {
                inner.onEpochEnd(epoch, metrics);
            }

            @Override
            public Map<String, String> state() {
                return inner.state();
            }

            @Override
            public void loadState(Map<String, String> state) {
                inner.loadState(state);
            }

            @Override
            public String describe() {
                return inner.describe() + " with warmup(" + steps + " steps)";
            }
        };
    }

    /**
     * {@code ReduceLROnPlateau} (threshold mode {@code rel}): after {@code patience} epochs in which
     * {@code metric} did not improve on its best by the relative {@code threshold}, multiply the
     * rate by {@code factor} (never below {@code minLr}), then wait {@code cooldown} epochs before
     * counting again. As in PyTorch, the rate changes only when the drop exceeds 1e-8.
     *
     * @param metric the epoch metric to watch, e.g. {@code val_loss}; the epoch must report it
     */
    public static LrSchedule reduceOnPlateau(String metric, Mode mode, double factor, int patience, double threshold,
                                             int cooldown, double minLr) {
        return new ReduceOnPlateau(metric, mode, factor, patience, threshold, cooldown, minLr);
    }

    /** {@link #reduceOnPlateau} with PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4, no cooldown, minLr 0. */
    public static LrSchedule reduceOnPlateau(String metric, Mode mode) {
        return reduceOnPlateau(metric, mode, 0.1, 10, 1e-4, 0, 0.0);
    }

    private static final class ReduceOnPlateau implements LrSchedule {
        private final String metric;
        private final Mode mode;
        private final double factor;
        private final int patience;
        private final double threshold;
        private final int cooldown;
        private final double minLr;

        /** The current rate, or NaN until the first step fixes it from the base rate. */
        private double current = Double.NaN;
        private Double best;
        private int badEpochs;
        private int cooldownLeft;

        ReduceOnPlateau(String metric, Mode mode, double factor, int patience, double threshold, int cooldown,
                        double minLr) {
            if (metric == null || metric.isBlank()) {
                throw new IllegalArgumentException("reduceOnPlateau: metric must be named, got '" + metric + "'");
            }
            Objects.requireNonNull(mode, "mode");
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("reduceOnPlateau: factor must be in (0, 1), got " + factor);
            }
            if (patience < 0 || cooldown < 0) {
                throw new IllegalArgumentException("reduceOnPlateau: patience and cooldown must be >= 0, got "
                        + patience + " and " + cooldown);
            }
            if (!(threshold >= 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("reduceOnPlateau: threshold must be finite and >= 0, got " + threshold);
            }
            checkRate("reduceOnPlateau: minLr", minLr);
            this.metric = metric;
            this.mode = mode;
            this.factor = factor;
            this.patience = patience;
            this.threshold = threshold;
            this.cooldown = cooldown;
            this.minLr = minLr;
        }

        @Override
        public double learningRate(double baseLr, long step, int epoch) {
            if (Double.isNaN(current)) {
                current = baseLr;
            }
            return current;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> metrics) {
            Double value = metrics.get(metric);
            if (value == null) {
                throw new IllegalArgumentException("reduceOnPlateau watches '" + metric
                        + "' but the epoch's metrics are " + metrics.keySet());
            }
            if (isBetter(value)) {
                best = value;
                badEpochs = 0;
            } else {
                badEpochs++;
            }
            if (cooldownLeft > 0) {
                cooldownLeft--;
                badEpochs = 0;
            }
            if (badEpochs > patience && !Double.isNaN(current)) {
                double reduced = Math.max(current * factor, minLr);
                if (current - reduced > 1e-8) {
                    current = reduced;
                }
                cooldownLeft = cooldown;
                badEpochs = 0;
            }
        }

        private boolean isBetter(double value) {
            if (Double.isNaN(value)) {
                return false;
            }
            if (best == null) {
                return true;
            }
            return mode == Mode.MIN ? value < best * (1 - threshold) : value > best * (1 + threshold);
        }

        @Override
        public Map<String, String> state() {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("current_lr", Double.toString(current));
            s.put("best", best == null ? "none" : Double.toString(best));
            s.put("bad_epochs", Integer.toString(badEpochs));
            s.put("cooldown_left", Integer.toString(cooldownLeft));
            return s;
        }

        @Override
        public void loadState(Map<String, String> state) {
            for (String key : state.keySet()) {
                if (!key.equals("current_lr") && !key.equals("best") && !key.equals("bad_epochs")
                        && !key.equals("cooldown_left")) {
                    throw new IllegalArgumentException("reduceOnPlateau state: unexpected entry '" + key + "'");
                }
            }
            double lr = parseDouble(state, "current_lr");
            String bestText = require(state, "best");
            Double b = bestText.equals("none") ? null : parseDouble(state, "best");
            int bad = parseInt(state, "bad_epochs");
            int cool = parseInt(state, "cooldown_left");
            current = lr;
            best = b;
            badEpochs = bad;
            cooldownLeft = cool;
        }

        @Override
        public String describe() {
            return "reduceOnPlateau(metric=" + metric + ", mode=" + mode + ", factor=" + factor + ", patience="
                    + patience + ", threshold=" + threshold + ", cooldown=" + cooldown + ", minLr=" + minLr + ")";
        }
    }

    private static String require(Map<String, String> state, String key) {
        String v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException("schedule state is missing '" + key + "' (have " + state.keySet() + ")");
        }
        return v;
    }

    private static double parseDouble(Map<String, String> state, String key) {
        String v = require(state, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule state: '" + key + "' is not a number: '" + v + "'");
        }
    }

    private static int parseInt(Map<String, String> state, String key) {
        String v = require(state, key);
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule state: '" + key + "' is not a count >= 0: '" + v + "'");
        }
    }

    private static void checkFactor(String what, double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException(what + " must be finite and > 0, got " + gamma);
        }
    }

    private static void checkRate(String what, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + rate);
        }
    }
}
