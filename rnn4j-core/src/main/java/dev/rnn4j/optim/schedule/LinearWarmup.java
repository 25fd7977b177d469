package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear warm-up in front of another schedule: for the first {@code warmupSteps} steps
 * {@code lr(t) = base_lr * (t + 1) / warmupSteps} (t = 0 right after construction, so the first
 * optimiser step already uses base/warmupSteps and step {@code warmupSteps - 1} uses the full rate);
 * from step {@code warmupSteps} on, the inner schedule runs as if it had just been built, its step
 * {@code t - warmupSteps}.
 *
 * <p>In PyTorch terms, with an inner closed-form schedule f this is
 * {@code LambdaLR(opt, lambda t: (t + 1) / W if t < W else f(t - W) / base_lr)}. A
 * {@link ReduceLROnPlateau} inner schedule starts receiving metrics at step {@code warmupSteps + 1}
 * (metrics passed during warm-up are ignored).
 */
public final class LinearWarmup extends LrSchedule {

    private final int warmupSteps;
    private final LrSchedule inner;

    /** Warm-up alone: the rate rises to the base rate and stays there. */
    public LinearWarmup(Optimizer optimizer, int warmupSteps) {
        this(optimizer, warmupSteps, null);
    }

    /**
     * @param inner the schedule to run after the warm-up (built on the same optimiser just before
     *              this one, not yet stepped), or null to hold the base rate
     * @throws IllegalArgumentException if warmupSteps &lt; 1, or inner is for another optimiser or
     *                                  has already been stepped
     */
    public LinearWarmup(Optimizer optimizer, int warmupSteps, LrSchedule inner) {
        super(optimizer);
        checkPositive("warmupSteps", warmupSteps);
        if (inner != null) {
            if (inner.optimizer() != optimizer) {
                throw new IllegalArgumentException("inner schedule " + inner.name()
                        + " sets another optimizer's learning rate; build it on the same optimizer");
            }
            if (inner.epoch() != 0) {
                throw new IllegalArgumentException("inner schedule " + inner.name() + " has already taken "
                        + inner.epoch() + " steps; pass a freshly built one");
            }
            if (inner instanceof LinearWarmup) {
                throw new IllegalArgumentException("inner schedule is itself a LinearWarmup");
            }
        }
        this.warmupSteps = warmupSteps;
        this.inner = inner;
        apply(warmupLr(0));
    }

    @Override
    public String name() {
        return inner == null ? "LinearWarmup" : "LinearWarmup+" + inner.name();
    }

    /** The schedule after the warm-up, or null. */
    public LrSchedule inner() {
        return inner;
    }

    /** The number of warm-up steps. */
    public int warmupSteps() {
        return warmupSteps;
    }

    /** True when the inner schedule is metric-driven. */
    @Override
    public boolean needsMetric() {
        return inner != null && inner.needsMetric();
    }

    /**
     * The linear ramp on its own: {@code lr * (step + 1) / warmupSteps} while
     * {@code step + 1 < warmupSteps}, {@code lr} from then on (step 0-based). This is the formula this
     * class applies to the base rate; a training loop can apply it to whatever rate another schedule
     * set, to warm up per step in front of a schedule stepped per epoch.
     *
     * @throws IllegalArgumentException if step &lt; 0 or warmupSteps &lt; 1
     */
    public static double ramp(double lr, long step, long warmupSteps) {
        if (step < 0) {
            throw new IllegalArgumentException("invalid step: " + step + " (expected >= 0)");
        }
        if (warmupSteps < 1) {
            throw new IllegalArgumentException("invalid warmupSteps: " + warmupSteps + " (expected >= 1)");
        }
        return step + 1 >= warmupSteps ? lr : lr * (step + 1) / warmupSteps;
    }

    private double warmupLr(int epoch) {
        return ramp(baseLr(), epoch, warmupSteps);
    }

    @Override
    public void step() {
        if (needsMetric() && epoch() + 1 > warmupSteps) {
            throw new IllegalStateException("after the warm-up, ReduceLROnPlateau needs the monitored metric: "
                    + "call step(metric)");
        }
        super.step();
    }

    @Override
    protected void advance(double metric, boolean hasMetric) {
        int t = epoch();
        if (t < warmupSteps) {
            apply(warmupLr(t));
        } else if (t == warmupSteps || inner == null) {
            apply(inner == null ? baseLr() : inner.currentLr());
        } else {
            if (hasMetric) {
                inner.step(metric);
            } else {
                inner.step();
            }
            apply(inner.currentLr());
        }
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("warmup_steps", Integer.toString(warmupSteps));
        if (inner != null) {
            for (Map.Entry<String, String> e : inner.settings().entrySet()) {
                m.put("inner." + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    @Override
    protected Map<String, String> counters() {
        Map<String, String> m = new LinkedHashMap<>();
        if (inner != null) {
            for (Map.Entry<String, String> e : inner.state().entrySet()) {
                m.put("inner." + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    @Override
    protected void checkCounters(Map<String, String> state) {
        if (inner != null) {
            inner.checkState(innerState(state));
        }
    }

    @Override
    protected void loadCounters(Map<String, String> state) {
        if (inner != null) {
            inner.loadState(innerState(state));
        }
    }

    private static Map<String, String> innerState(Map<String, String> state) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : state.entrySet()) {
            if (e.getKey().startsWith("inner.")) {
                m.put(e.getKey().substring(6), e.getValue());
            }
        }
        return m;
    }
}
