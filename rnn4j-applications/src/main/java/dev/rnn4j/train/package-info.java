/**
 * The training toolkit every application uses.
 *
 * <p>{@link dev.rnn4j.train.Trainer} runs the loop: epochs over a
 * {@link dev.rnn4j.train.BatchSource}, a user {@link dev.rnn4j.train.StepFunction} (model + batch →
 * {@link dev.rnn4j.train.StepResult}: loss and metrics), an {@link dev.rnn4j.train.Evaluator} each
 * epoch, early stopping on a monitored metric ({@link dev.rnn4j.train.Mode}), the learning-rate
 * schedules of {@link dev.rnn4j.optim.schedule} (StepLR, MultiStepLR, ExponentialLR,
 * CosineAnnealingLR, ReduceLROnPlateau) stepped per epoch or per step, a linear per-step
 * warm-up, clipping by norm or value, non-finite loss handling
 * ({@link dev.rnn4j.train.NonFinitePolicy}), {@link dev.rnn4j.train.Callback}s, a progress bar
 * (me.tongfei:progressbar) or one line per epoch, and a JSON Lines metric log.
 *
 * <p>The trainer is the loop alone; its parts are package-private: {@code TrainerSettings} (the
 * settings {@code Trainer.Builder} collects and validates), {@code TrainerSchedule} (the learning
 * rate of each step: schedule times warm-up, and when the schedule is stepped),
 * {@code NonFiniteSteps} (a NaN or infinite loss or gradient, and the exception that stops on one) and
 * {@code TrainerCheckpointing} (the output folder: a fresh start, resume with every check before
 * anything is restored, checkpoints with their pointers and pruning, the final model files).
 *
 * <p>Data parallelism: a {@link dev.rnn4j.train.GradientHook} runs between backward and the
 * checks, clipping and step (an all-reduce of the workers' gradients), and
 * {@code Trainer.Builder.writesOutput(false)} makes a trainer that follows another's output folder
 * (resumes from it) without writing to it; {@link dev.rnn4j.train.DataParallel} names a worker's
 * rank, the number of workers and the hook.
 *
 * <p>{@link dev.rnn4j.train.EpochSnapshots} keeps the parameters of the best epoch and its
 * neighbours and, at the end, keeps the mean of the best epoch with the next or previous one when
 * its monitored validation metric is strictly better ({@code Trainer.Builder.averageNeighbourEpochs});
 * the snapshots are saved in every checkpoint, so a resumed run chooses as an uninterrupted one.
 *
 * <p>{@link dev.rnn4j.train.Checkpoints} defines the checkpoint folder (weights with PyTorch names,
 * optimiser state, generator states, trainer state, epoch snapshots and the model config), written atomically and
 * verified on reading; {@link dev.rnn4j.train.TrainingOptions} holds the settings every
 * training run shares (the command-line tool fills it from its flags).
 *
 * <p>Determinism: the same seed and thread count give bit-identical weights, and a run resumed from
 * a checkpoint ends bit-identical to an uninterrupted one.
 */
package dev.rnn4j.train;
