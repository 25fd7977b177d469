package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine annealing (Loshchilov &amp; Hutter, SGDR, 2017, without restarts) as
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 * {@code lr(t) = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / tMax)) / 2}. Past {@code tMax}
 * the rate follows the same cosine back up, as PyTorch's does.
 */
public final class CosineAnnealingLR extends ClosedFormSchedule {

    private final int tMax;
    private final double etaMin;

    /** {@code CosineAnnealingLR(optimizer, tMax, eta_min=0)}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    /**
     * @throws IllegalArgumentException if tMax &lt; 1 or etaMin is negative or not finite
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        checkPositive("tMax", tMax);
        checkNonNegative("etaMin", etaMin);
        this.tMax = tMax;
        this.etaMin = etaMin;
        apply(lrAt(0));
    }

    @Override
    public String name() {
        return "CosineAnnealingLR";
    }

    @Override
    public double lrAt(int epoch) {
        if (epoch == 0) {
            return baseLr();
        }
        return etaMin + (baseLr() - etaMin) * (1 + StrictMath.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("t_max", Integer.toString(tMax));
        m.put("eta_min", Double.toString(etaMin));
        return m;
    }
}
