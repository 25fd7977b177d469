/**
 * Learning-rate schedules with PyTorch's formulas: {@link dev.rnn4j.optim.schedule.StepLR},
 * {@link dev.rnn4j.optim.schedule.CosineAnnealingLR} (closed forms),
 * {@link dev.rnn4j.optim.schedule.ReduceLROnPlateau} (driven by a metric) and
 * {@link dev.rnn4j.optim.schedule.LinearWarmup}, which runs any of them after a linear ramp.
 *
 * <p>Each sets its {@link dev.rnn4j.optim.Optimizer}'s learning rate at construction (step 0) and
 * at every {@code step()} / {@code step(metric)}; {@code state()} and {@code loadState(...)} let a
 * resumed run continue the schedule where it stopped.
 */
package dev.rnn4j.optim.schedule;
