package dev.rnn4j.train;

import java.util.Map;

/**
 * A learning-rate schedule: the trainer asks it for the rate before every optimiser step and sets
 * it on the optimiser.
 *
 * <p>Schedules are pure functions of (base rate, step, epoch) plus, for metric-driven ones such as
 * {@link LrSchedules#reduceOnPlateau}, a small state that {@link #state()} exports as exact strings
 * and {@link #loadState(Map)} restores, so a resumed run gets the same rates bit for bit.
 * Factories are in {@link LrSchedules}.
 */
public interface LrSchedule {

    /**
     * The learning rate for the step about to be taken.
     *
     * @param baseLr the optimiser's initial learning rate
     * @param step   0-based global step (number of steps taken before this one)
     * @param epoch  0-based epoch of this step
     * @return a finite rate {@code >= 0}
     */
    double learningRate(double baseLr, long step, int epoch);

    /** Called once per epoch with the epoch's metrics (after validation). Default: nothing. */
    default void onEpochEnd(int epoch, Map<String, Double> metrics) {
    }

    /** The mutable state as exact strings (empty for stateless schedules). */
    default Map<String, String> state() {
        return Map.of();
    }

    /**
     * Restores {@link #state()}.
     *
     * @throws IllegalArgumentException if an entry is missing, unexpected or malformed (named)
     */
    default void loadState(Map<String, String> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("schedule " + describe() + " keeps no state but the checkpoint has "
                    + state.keySet());
        }
    }

    /** A short description, such as {@code cosine(tMax=10 epochs, etaMin=0.0)}, saved in checkpoints. */
    String describe();

    /** This schedule with a linear warm-up over the first {@code steps} steps; see {@link LrSchedules#warmup}. */
    default LrSchedule withWarmup(long steps) {
        return LrSchedules.warmup(this, steps);
    }
}
