package dev.rnn4j.train;

import dev.rnn4j.optim.SGD;
import dev.rnn4j.optim.schedule.CosineAnnealingLR;
import dev.rnn4j.optim.schedule.ExponentialLR;
import dev.rnn4j.optim.schedule.LinearWarmup;
import dev.rnn4j.optim.schedule.MultiStepLR;
import dev.rnn4j.optim.schedule.ReduceLROnPlateau;
import dev.rnn4j.optim.schedule.StepLR;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the trainer drives the {@link dev.rnn4j.optim.schedule} schedules: per epoch, per step, with a
 * metric, under a warm-up, and across a resume.
 */
class TrainerScheduleTest {

    @TempDir
    Path tmp;

    /** Records the learning rate of every step. */
    private static final class Rates implements Callback {
        final List<Double> seen = new ArrayList<>();

        @Override
        public void onStep(Trainer<?, ?> t, StepInfo s) {
            seen.add(s.learningRate());
        }
    }

    @Test
    void aPerStepCosineFollowsPyTorchsFormulaUnderTheWarmUp() throws Exception {
        ToyTask task = new ToyTask(3);
        Rates rates = new Rates();
        // 4 batches per epoch, 2 epochs: cosine over all 8 steps, warm-up over the first 3
        task.builder(16).epochs(2).schedulePerStep(new CosineAnnealingLR(task.optimizer, 8, 0.001)).warmup(3)
                .callback(rates).build().fit();
        double base = 0.01;
        assertEquals(8, rates.seen.size());
        for (int s = 0; s < 8; s++) {
            double cosine = s == 0 ? base : 0.001 + (base - 0.001) * (1 + Math.cos(Math.PI * s / 8)) / 2;
            double expected = s < 2 ? cosine * (s + 1) / 3 : cosine;
            assertEquals(expected, rates.seen.get(s), 1e-15, "step " + s);
        }
    }

    @Test
    void multiStepAndExponentialStepOncePerEpoch() throws Exception {
        ToyTask multi = new ToyTask(3);
        Rates multiRates = new Rates();
        multi.builder(32).epochs(4).schedule(new MultiStepLR(multi.optimizer, new int[] {1, 3}, 0.5))
                .callback(multiRates).build().fit();
        // 2 batches per epoch; halved after epochs 1 and 3
        assertEquals(List.of(0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.0025, 0.0025), multiRates.seen);

        ToyTask exp = new ToyTask(3);
        Rates expRates = new Rates();
        TrainResult r = exp.builder(32).epochs(3).schedule(new ExponentialLR(exp.optimizer, 0.9))
                .callback(expRates).build().fit();
        assertEquals(0.01 * 0.9 * 0.9, expRates.seen.get(5), 1e-17);
        assertEquals(0.01 * 0.9 * 0.9, r.lastEpoch().get("lr"), 1e-17, "the epoch's lr is the rate it used");
    }

    /** A plateau schedule on a score that never improves: cut after every epoch past the first. */
    private static Trainer.Builder<?, ?> plateau(ToyTask task, Path out, int epochs) {
        ReduceLROnPlateau p = new ReduceLROnPlateau(task.optimizer, ReduceLROnPlateau.Mode.MAX, 0.5, 0, 0.0,
                ReduceLROnPlateau.ThresholdMode.REL, 0, 0.0, 1e-8);
        return task.builder(16).outputDir(out).epochs(epochs).evaluator(m -> Map.of("score", 1.0))
                .schedule(p, "val_score");
    }

    @Test
    void aPlateauScheduleFollowsItsMetricAndResumesBitIdentically() throws Exception {
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        ToyTask a = new ToyTask(4);
        TrainResult full = plateau(a, straight, 4).build().fit();
        List<Double> lrs = new ArrayList<>();
        for (Map<String, Double> row : full.history()) {
            lrs.add(row.get("lr"));
        }
        assertEquals(List.of(0.01, 0.01, 0.005, 0.0025), lrs);

        ToyTask b1 = new ToyTask(4);
        plateau(b1, split, 2).build().fit();
        ToyTask b2 = new ToyTask(4);
        TrainResult resumed = plateau(b2, split, 4).resume(true).build().fit();
        ToyTask.assertBitIdentical(ToyTask.weights(a.model), ToyTask.weights(b2.model));
        assertEquals(full.history(), resumed.history());
    }

    @Test
    void aPerStepScheduleResumesFromAMidEpochCheckpointBitIdentically() throws Exception {
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        ToyTask a = new ToyTask(8);
        perStep(a, straight).build().fit();
        ToyTask b1 = new ToyTask(8);
        perStep(b1, split).callback(new Callback() {
            @Override
            public void onStep(Trainer<?, ?> t, StepInfo s) {
                if (s.step() == 10) {
                    t.requestStop("test stop at step 10");
                }
            }
        }).build().fit();
        ToyTask b2 = new ToyTask(8);
        perStep(b2, split).resume(true).build().fit();
        ToyTask.assertBitIdentical(ToyTask.weights(a.model), ToyTask.weights(b2.model));
        assertEquals(TrainerTest.epochLosses(straight), TrainerTest.epochLosses(split));
    }

    private static Trainer.Builder<?, ?> perStep(ToyTask task, Path out) {
        return task.builder(8).outputDir(out).epochs(3).seed(7).logEvery(1)
                .schedulePerStep(new CosineAnnealingLR(task.optimizer, 24, 1e-4)).warmup(6);
    }

    @Test
    void resumingWithAnotherScheduleIsRefusedNamingTheSetting() throws Exception {
        Path out = tmp.resolve("run");
        ToyTask first = new ToyTask(2);
        first.builder(32).outputDir(out).epochs(1).schedule(new StepLR(first.optimizer, 2, 0.5)).build().fit();

        ToyTask other = new ToyTask(2);
        CheckpointException e = assertThrows(CheckpointException.class, () -> other.builder(32).outputDir(out)
                .epochs(2).resume(true).schedule(new StepLR(other.optimizer, 3, 0.5)).build().fit());
        assertTrue(e.getMessage().contains("step_size"), e.getMessage());

        ToyTask none = new ToyTask(2);
        e = assertThrows(CheckpointException.class,
                () -> none.builder(32).outputDir(out).epochs(2).resume(true).build().fit());
        assertTrue(e.getMessage().contains("StepLR") && e.getMessage().contains("no schedule"), e.getMessage());
    }

    @Test
    void aScheduleMetricTheEpochDoesNotReportIsNamed() {
        ToyTask task = new ToyTask(2);
        ReduceLROnPlateau p = new ReduceLROnPlateau(task.optimizer, ReduceLROnPlateau.Mode.MIN);
        Trainer<?, ?> trainer = task.builder(32).epochs(1).schedule(p, "val_f1").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, trainer::fit);
        assertTrue(e.getMessage().contains("'val_f1'") && e.getMessage().contains("val_loss"), e.getMessage());
    }

    @Test
    void misconfiguredSchedulesAreRefusedWithTheReason() {
        ToyTask task = new ToyTask(2);
        ReduceLROnPlateau p = new ReduceLROnPlateau(task.optimizer, ReduceLROnPlateau.Mode.MIN);
        assertMessage(() -> task.builder(32).schedule(p), "schedule(schedule, metric)");
        assertMessage(() -> task.builder(32).schedulePerStep(p), "schedule(schedule, metric)");
        assertMessage(() -> task.builder(32).schedulePerStep(new LinearWarmup(task.optimizer, 3, p)),
                "schedule(schedule, metric)");
        assertMessage(() -> task.builder(32).schedule(new StepLR(task.optimizer, 2), "val_loss"),
                "does not use a metric");
        assertMessage(() -> task.builder(32).schedule(p, " "), "metric name");
        SGD other = new SGD(task.model.parameters(), 0.1);
        assertMessage(() -> task.builder(32).schedule(new StepLR(other, 2)), "another optimizer");
        assertMessage(() -> task.builder(32).warmup(-1), "warmup");

        StepLR stepped = new StepLR(task.optimizer, 2);
        stepped.step();
        Trainer<?, ?> trainer = task.builder(32).epochs(1).schedule(stepped).build();
        assertMessage(trainer::fit, "freshly built");
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertMessage(Action action, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
