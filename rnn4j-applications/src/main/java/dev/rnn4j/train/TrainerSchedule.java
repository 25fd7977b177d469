package dev.rnn4j.train;

import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.optim.schedule.LinearWarmup;
import dev.rnn4j.optim.schedule.LrSchedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link Trainer}'s learning rate: an optional {@link LrSchedule} stepped per epoch (with or
 * without an epoch metric) or per step, times an optional linear warm-up ({@link LinearWarmup#ramp})
 * over the first global steps. Without a schedule the rate is the optimiser's rate at the start.
 */
final class TrainerSchedule {

    /** The learning-rate schedule, or null for the optimiser's rate throughout. */
    private final LrSchedule schedule;
    private final boolean everyStep;
    /** The epoch metric a metric-driven schedule is stepped with, or null. */
    private final String metric;
    /** Linear warm-up steps, 0 for none. */
    private final long warmupSteps;

    TrainerSchedule(LrSchedule schedule, boolean everyStep, String metric, long warmupSteps) {
        this.schedule = schedule;
        this.everyStep = everyStep;
        this.metric = metric;
        this.warmupSteps = warmupSteps;
    }

    /** The base rate a run records: the schedule's, or the optimiser's current rate when there is none. */
    double baseLr(Optimizer optimizer) {
        return schedule == null ? optimizer.learningRate() : schedule.baseLr();
    }

    /**
     * @throws IllegalArgumentException if a fresh run ({@code resume} false) is given a schedule that
     *                                  has already been stepped
     */
    void checkFresh(boolean resume) {
        if (schedule != null && schedule.epoch() != 0 && !resume) {
            throw new IllegalArgumentException("the schedule " + schedule.describe() + " has already taken "
                    + schedule.epoch() + " steps; give the trainer a freshly built one (it steps the schedule itself)");
        }
    }

    /** The rate for global step {@code step} (0-based): the scheduled rate times the warm-up ramp. */
    double rateAt(long step, double baseLr) {
        double scheduled = schedule == null ? baseLr : schedule.currentLr();
        return warmupSteps > 0 ? LinearWarmup.ramp(scheduled, step, warmupSteps) : scheduled;
    }

    /** After every step, skipped ones included: steps a per-step schedule. */
    void afterStep() {
        if (schedule != null && everyStep) {
            schedule.step();
        }
    }

    /**
     * At an epoch's end, after validation: steps a per-epoch schedule, with its metric from
     * {@code metrics} when it follows one.
     *
     * @throws IllegalArgumentException if the schedule's metric is not among {@code metrics}
     */
    void afterEpoch(Map<String, Double> metrics) {
        if (schedule != null && !everyStep) {
            if (metric == null) {
                schedule.step();
            } else {
                Double value = metrics.get(metric);
                if (value == null) {
                    throw new IllegalArgumentException("the schedule's metric '" + metric + "' is not among "
                            + "the epoch's metrics " + metrics.keySet());
                }
                schedule.step(value);
            }
        }
    }

    /** The schedule as checkpoints record it, e.g. {@code StepLR(step_size=1, gamma=0.5) per epoch, warm-up 3 steps}. */
    String describe() {
        String text = schedule == null ? "constant"
                : schedule.describe() + (everyStep ? " per step" : " per epoch")
                + (metric == null ? "" : " on " + metric);
        return warmupSteps > 0 ? text + ", warm-up " + warmupSteps + " steps" : text;
    }

    /** The schedule's state for a checkpoint (empty without a schedule). */
    Map<String, String> state() {
        return schedule == null ? new LinkedHashMap<>() : new LinkedHashMap<>(schedule.state());
    }

    /**
     * Restores the schedule's state from a checkpoint's trainer state.
     *
     * @param restored  the checkpoint's trainer state
     * @param stateFile the checkpoint file, for messages
     * @throws CheckpointException if the state does not fit this schedule (or there is none and the
     *                             checkpoint holds one)
     */
    void restore(TrainerState restored, String stateFile) throws CheckpointException {
        if (schedule == null) {
            if (!restored.scheduleState.isEmpty()) {
                throw new CheckpointException("checkpoint file " + stateFile + " holds the state of schedule "
                        + restored.scheduleDescription + " but this run has no schedule; give it the same one");
            }
        } else {
            try {
                schedule.loadState(restored.scheduleState);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException("checkpoint file " + stateFile + ": " + e.getMessage(), e);
            }
        }
    }
}
