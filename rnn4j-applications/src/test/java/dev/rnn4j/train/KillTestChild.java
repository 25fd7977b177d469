package dev.rnn4j.train;

import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.optim.schedule.CosineAnnealingLR;

import java.nio.file.Path;

/**
 * The child JVM of {@link KillResumeTest}: trains the toy task with a checkpoint every 2 steps,
 * printing {@code checkpoint N} after each, and {@code done} at the end.
 *
 * <p>Arguments: {@code OUT_DIR fresh|resume SLEEP_MS CHECKPOINT_EVERY} (the sleep per step keeps
 * the run long enough to be killed in the middle). How often checkpoints are written does not
 * change the trained weights.
 */
public final class KillTestChild {

    static final int EPOCHS = 4;

    private KillTestChild() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        boolean resume = args[1].equals("resume");
        long sleepMs = Long.parseLong(args[2]);
        long checkpointEvery = Long.parseLong(args[3]);
        ToyTask task = new ToyTask(21);
        Trainer<SequenceClassifier, ToyTask.Batch> trainer = Trainer.builder(task.model, task.optimizer,
                        task.source(8), (SequenceClassifier m, ToyTask.Batch b) -> {
                            if (sleepMs > 0) {
                                try {
                                    Thread.sleep(sleepMs);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return ToyTask.step(m, b);
                        })
                .evaluator(task::evaluate)
                .registerRng("model", task.rng)
                .modelConfig(task.config)
                .outputDir(out).resume(resume).epochs(EPOCHS).seed(5)
                .checkpointEvery(checkpointEvery).keepCheckpoints(2).logEvery(1)
                .clipGradNorm(0.5).schedule(new CosineAnnealingLR(task.optimizer, EPOCHS, 1e-4)).warmup(5)
                .earlyStopping("val_loss", Mode.MIN, 10)
                .quiet(true).progressBar(false).output(ToyTask.SILENT)
                .callback(new Callback() {
                    @Override
                    public void onCheckpoint(Trainer<?, ?> t, Path checkpoint, long step) {
                        System.out.println("checkpoint " + step);
                        System.out.flush();
                    }
                })
                .build();
        trainer.fit();
        System.out.println("done");
        System.out.flush();
    }
}
