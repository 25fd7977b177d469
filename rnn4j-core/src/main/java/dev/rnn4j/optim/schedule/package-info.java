/**
 * Learning-rate schedules with PyTorch's formulas and constructors:
 * {@link dev.rnn4j.optim.schedule.StepLR}, {@link dev.rnn4j.optim.schedule.MultiStepLR},
 * {@link dev.rnn4j.optim.schedule.ExponentialLR}, {@link dev.rnn4j.optim.schedule.CosineAnnealingLR}
 * (closed forms), {@link dev.rnn4j.optim.schedule.ReduceLROnPlateau} (driven by a metric) and
 * {@link dev.rnn4j.optim.schedule.LinearWarmup}, which runs any of them after a linear ramp.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 1e-3);
 * LrSchedule schedule = new StepLR(adam, 10, 0.1);   // torch.optim.lr_scheduler.StepLR(adam, 10, 0.1)
 * for (int epoch = 0; epoch < 30; epoch++) {
 *     trainOneEpoch(model, adam);
 *     schedule.step();
 * }
 * }</pre>
 *
 * <p>Each sets its {@link dev.rnn4j.optim.Optimizer}'s learning rate at construction (step 0) and
 * at every {@code step()} / {@code step(metric)}; whether a step is an epoch or a batch is the
 * caller's choice, as in PyTorch ({@code dev.rnn4j.train.Trainer} offers both). {@code state()} and
 * {@code loadState(...)} let a resumed run continue the schedule where it stopped, bit for bit.
 */
package dev.rnn4j.optim.schedule;
