package dev.rnn4j.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedule values against PyTorch's formulas, worked out by hand. */
class LrSchedulesTest {

    @Test
    void stepMultiStepAndExponential() {
        LrSchedule step = LrSchedules.step(2, 0.1);
        assertEquals(1.0, step.learningRate(1.0, 0, 0));
        assertEquals(1.0, step.learningRate(1.0, 99, 1));
        assertEquals(0.1, step.learningRate(1.0, 0, 2), 1e-15);
        assertEquals(0.01, step.learningRate(1.0, 0, 5), 1e-15);
        LrSchedule multi = LrSchedules.multiStep(new int[] {1, 3}, 0.5);
        assertEquals(2.0, multi.learningRate(2.0, 0, 0));
        assertEquals(1.0, multi.learningRate(2.0, 0, 1));
        assertEquals(1.0, multi.learningRate(2.0, 0, 2));
        assertEquals(0.5, multi.learningRate(2.0, 0, 3));
        assertEquals(0.5 * 0.9 * 0.9, LrSchedules.exponential(0.9).learningRate(0.5, 0, 2), 1e-15);
    }

    @Test
    void cosineFollowsTheClosedForm() {
        LrSchedule cos = LrSchedules.cosine(4, 0.1);
        assertEquals(1.0, cos.learningRate(1.0, 0, 0), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI / 4)) / 2, cos.learningRate(1.0, 0, 1), 1e-15);
        assertEquals(0.55, cos.learningRate(1.0, 0, 2), 1e-15);
        assertEquals(0.1, cos.learningRate(1.0, 0, 4), 1e-15);
        LrSchedule steps = LrSchedules.cosineSteps(10, 0.0);
        assertEquals(0.5, steps.learningRate(1.0, 5, 0), 1e-15);
        assertEquals(0.0, steps.learningRate(1.0, 10, 0), 1e-15);
        assertEquals(0.0, steps.learningRate(1.0, 50, 3), 1e-15);
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        LrSchedule w = LrSchedules.constant().withWarmup(4);
        assertEquals(0.25, w.learningRate(1.0, 0, 0));
        assertEquals(0.5, w.learningRate(1.0, 1, 0));
        assertEquals(0.75, w.learningRate(1.0, 2, 0));
        assertEquals(1.0, w.learningRate(1.0, 3, 0));
        assertEquals(1.0, w.learningRate(1.0, 1000, 0));
        assertTrue(w.describe().contains("warmup(4 steps)"), w.describe());
    }

    @Test
    void reduceOnPlateauCutsAfterPatienceAndItsStateRoundTrips() {
        LrSchedule p = LrSchedules.reduceOnPlateau("val_loss", Mode.MIN, 0.5, 1, 0.0, 0, 0.01);
        assertEquals(1.0, p.learningRate(1.0, 0, 0));
        p.onEpochEnd(0, Map.of("val_loss", 1.0)); // best
        p.onEpochEnd(1, Map.of("val_loss", 1.0)); // bad 1 (not > patience)
        assertEquals(1.0, p.learningRate(1.0, 10, 2));
        p.onEpochEnd(2, Map.of("val_loss", 1.0)); // bad 2 > 1 → halve
        assertEquals(0.5, p.learningRate(1.0, 20, 3));
        Map<String, String> saved = p.state();

        LrSchedule q = LrSchedules.reduceOnPlateau("val_loss", Mode.MIN, 0.5, 1, 0.0, 0, 0.01);
        q.loadState(saved);
        assertEquals(saved, q.state());
        assertEquals(0.5, q.learningRate(1.0, 21, 3));
        q.onEpochEnd(3, Map.of("val_loss", 2.0));
        q.onEpochEnd(4, Map.of("val_loss", 2.0));
        assertEquals(0.25, q.learningRate(1.0, 30, 5));
        for (int e = 5; e < 30; e++) {
            q.onEpochEnd(e, Map.of("val_loss", 2.0));
        }
        assertEquals(0.01, q.learningRate(1.0, 99, 30), "never below minLr");

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> p.onEpochEnd(5, Map.of("loss", 1.0)));
        assertTrue(missing.getMessage().contains("'val_loss'"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> q.loadState(Map.of("current_lr", "x")));
    }

    @Test
    void aPlateauScheduleResumesBitIdentically(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path straight = tmp.resolve("a");
        java.nio.file.Path split = tmp.resolve("b");
        ToyTask a = new ToyTask(4);
        a.builder(16).outputDir(straight).epochs(4)
                .schedule(LrSchedules.reduceOnPlateau("val_accuracy", Mode.MAX, 0.5, 0, 0.0, 0, 0.0)).build().fit();
        ToyTask b1 = new ToyTask(4);
        b1.builder(16).outputDir(split).epochs(2)
                .schedule(LrSchedules.reduceOnPlateau("val_accuracy", Mode.MAX, 0.5, 0, 0.0, 0, 0.0)).build().fit();
        ToyTask b2 = new ToyTask(4);
        b2.builder(16).outputDir(split).epochs(4).resume(true)
                .schedule(LrSchedules.reduceOnPlateau("val_accuracy", Mode.MAX, 0.5, 0, 0.0, 0, 0.0)).build().fit();
        ToyTask.assertBitIdentical(ToyTask.weights(a.model), ToyTask.weights(b2.model));
    }

    @Test
    void invalidArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedules.step(0, 0.5)).getMessage()
                .contains("stepSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedules.cosine(3, -1)).getMessage()
                .contains("etaMin"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedules.multiStep(new int[] {3, 2}, 0.5))
                .getMessage().contains("milestones"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedules.warmup(LrSchedules.constant(), 0))
                .getMessage().contains("warmup"));
        assertThrows(IllegalArgumentException.class,
                () -> LrSchedules.reduceOnPlateau("val_loss", Mode.MIN, 1.5, 1, 0, 0, 0));
    }
}
