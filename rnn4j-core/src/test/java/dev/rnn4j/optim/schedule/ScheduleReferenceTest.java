package dev.rnn4j.optim.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.optim.SGD;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learning rate after construction and after each of 30 steps, against PyTorch's lr_scheduler
 * (tools/make_optim_reference.py); ReduceLROnPlateau is fed the recorded metric sequence. Also: a
 * schedule saved half-way and loaded into a fresh one continues exactly.
 */
class ScheduleReferenceTest {

    private static JsonNode root() throws IOException {
        try (InputStream in = ScheduleReferenceTest.class.getResourceAsStream("/optim/reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Optimizer sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), lr);
    }

    /** Builds the schedule a reference case's config describes. */
    static LrSchedule build(Optimizer opt, JsonNode c) {
        switch (c.get("kind").asText()) {
            case "StepLR":
                return new StepLR(opt, c.get("step_size").asInt(), c.get("gamma").asDouble());
            case "MultiStepLR": {
                JsonNode list = c.get("milestones");
                int[] milestones = new int[list.size()];
                for (int i = 0; i < milestones.length; i++) {
                    milestones[i] = list.get(i).asInt();
                }
                return new MultiStepLR(opt, milestones, c.get("gamma").asDouble());
            }
            case "ExponentialLR":
                return new ExponentialLR(opt, c.get("gamma").asDouble());
            case "CosineAnnealingLR":
                return new CosineAnnealingLR(opt, c.get("t_max").asInt(), c.get("eta_min").asDouble());
            case "ReduceLROnPlateau":
                return new ReduceLROnPlateau(opt,
                        ReduceLROnPlateau.Mode.valueOf(c.get("mode").asText().toUpperCase()),
                        c.get("factor").asDouble(), c.get("patience").asInt(), c.get("threshold").asDouble(),
                        ReduceLROnPlateau.ThresholdMode.valueOf(c.get("threshold_mode").asText().toUpperCase()),
                        c.get("cooldown").asInt(), c.get("min_lr").asDouble(), 1e-8);
            case "LinearWarmup":
                LrSchedule inner = build(opt, c.get("inner"));
                return new LinearWarmup(opt, c.get("warmup_steps").asInt(), inner);
            default:
                throw new IllegalArgumentException("unknown schedule " + c.get("kind"));
        }
    }

    @TestFactory
    List<DynamicTest> everyScheduleMatchesPyTorchFor30Steps() throws IOException {
        JsonNode root = root();
        JsonNode metrics = root.get("metrics");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("schedules")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Optimizer opt = sgd(c.get("base_lr").asDouble());
                LrSchedule s = build(opt, c.get("config"));
                JsonNode lrs = c.get("lrs");
                assertEquals(31, lrs.size());
                for (int t = 0; t <= 30; t++) {
                    if (t > 0) {
                        s.step(metrics.get(t - 1).asDouble());
                    }
                    double expected = Double.parseDouble(lrs.get(t).asText());
                    assertEquals(expected, opt.learningRate(), 1e-12, c.get("name").asText() + " step " + t);
                    assertEquals(opt.learningRate(), s.currentLr(), 0.0);
                    assertEquals(t, s.epoch());
                }
            }));
        }
        assertTrue(tests.size() >= 14);
        return tests;
    }

    @TestFactory
    List<DynamicTest> aScheduleResumedFromItsStateContinuesExactly() throws IOException {
        JsonNode root = root();
        JsonNode metrics = root.get("metrics");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("schedules")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                double base = c.get("base_lr").asDouble();
                Optimizer straightOpt = sgd(base);
                LrSchedule straight = build(straightOpt, c.get("config"));
                Optimizer firstOpt = sgd(base);
                LrSchedule first = build(firstOpt, c.get("config"));
                for (int t = 1; t <= 13; t++) {
                    first.step(metrics.get(t - 1).asDouble());
                }
                Map<String, String> saved = first.state();
                Optimizer resumedOpt = sgd(base);
                LrSchedule resumed = build(resumedOpt, c.get("config"));
                resumed.loadState(saved);
                assertEquals(firstOpt.learningRate(), resumedOpt.learningRate(), 0.0);
                for (int t = 1; t <= 30; t++) {
                    straight.step(metrics.get(t - 1).asDouble());
                    if (t > 13) {
                        resumed.step(metrics.get(t - 1).asDouble());
                        assertEquals(straightOpt.learningRate(), resumedOpt.learningRate(), 0.0, "step " + t);
                    }
                }
                assertEquals(straight.state(), resumed.state());
            }));
        }
        return tests;
    }

    @Test
    void stateOfAnotherScheduleOrSettingIsRejected() {
        LrSchedule step = new StepLR(sgd(0.1), 5, 0.5);
        Map<String, String> saved = step.state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CosineAnnealingLR(sgd(0.1), 5).loadState(saved));
        assertTrue(e.getMessage().contains("StepLR"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 6, 0.5).loadState(saved));
        assertTrue(e.getMessage().contains("step_size"), e.getMessage());
        Map<String, String> broken = new java.util.HashMap<>(saved);
        broken.remove("epoch");
        e = assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 5, 0.5).loadState(broken));
        assertTrue(e.getMessage().contains("epoch"), e.getMessage());
        broken.put("epoch", "seven");
        e = assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 5, 0.5).loadState(broken));
        assertTrue(e.getMessage().contains("seven"), e.getMessage());
    }

    @Test
    void plateauNeedsAMetric() {
        ReduceLROnPlateau p = new ReduceLROnPlateau(sgd(0.1), ReduceLROnPlateau.Mode.MIN);
        assertThrows(IllegalStateException.class, p::step);
        assertEquals(0, p.epoch());
    }

    @Test
    void warmupThenPlateauCutsFromTheBaseRate() {
        Optimizer opt = sgd(0.1);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0.0,
                ReduceLROnPlateau.ThresholdMode.ABS, 0, 0.0, 1e-8);
        LinearWarmup w = new LinearWarmup(opt, 4, plateau);
        assertEquals(0.025, opt.learningRate(), 1e-15);
        w.step(5.0);
        w.step(5.0);
        w.step(5.0);
        assertEquals(0.1, opt.learningRate(), 1e-15);
        w.step(5.0); // t = 4: hand-over, metric ignored
        assertEquals(0.1, opt.learningRate(), 1e-15);
        w.step(1.0); // plateau's first metric: an improvement
        assertEquals(0.1, opt.learningRate(), 1e-15);
        w.step(1.0); // no improvement, patience 0: cut
        assertEquals(0.05, opt.learningRate(), 1e-15);
        assertThrows(IllegalStateException.class, w::step);
    }

    @Test
    void badSettingsAreNamed() {
        Optimizer opt = sgd(0.1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 0, 0.1)).getMessage()
                .contains("stepSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(opt, 10, -1))
                .getMessage().contains("etaMin"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(opt,
                ReduceLROnPlateau.Mode.MIN, 1.0, 10, 1e-4, ReduceLROnPlateau.ThresholdMode.REL, 0, 0, 1e-8))
                .getMessage().contains("factor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(opt, 0)).getMessage()
                .contains("warmupSteps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MultiStepLR(opt, new int[] {4, 0}))
                .getMessage().contains("milestones"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MultiStepLR(opt, null, 0.1))
                .getMessage().contains("milestones"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExponentialLR(opt, Double.NaN))
                .getMessage().contains("gamma"));
        StepLR stepped = new StepLR(opt, 3);
        stepped.step();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(opt, 3, stepped))
                .getMessage().contains("already"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(opt, 3,
                new StepLR(sgd(0.1), 3))).getMessage().contains("another optimizer"));
    }

    @Test
    void multiStepKeepsItsOwnCopyOfTheMilestones() {
        int[] milestones = {2, 4};
        Optimizer opt = sgd(1.0);
        MultiStepLR s = new MultiStepLR(opt, milestones, 0.5);
        milestones[0] = 100;
        s.step();
        s.step();
        assertEquals(0.5, opt.learningRate(), 0.0);
        assertEquals("MultiStepLR(milestones=2,4, gamma=0.5)", s.describe());
    }

    @Test
    void describeNamesTheSettingsAndNeedsMetricMarksPlateau() {
        Optimizer opt = sgd(0.1);
        assertEquals("StepLR(step_size=10, gamma=0.1)", new StepLR(opt, 10).describe());
        assertEquals("ExponentialLR(gamma=0.9)", new ExponentialLR(opt, 0.9).describe());
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MAX);
        assertTrue(plateau.needsMetric());
        assertTrue(new LinearWarmup(opt, 3, new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN)).needsMetric());
        assertTrue(!new LinearWarmup(opt, 3, new CosineAnnealingLR(opt, 5)).needsMetric());
        assertTrue(!new StepLR(opt, 2).needsMetric());
    }

    @Test
    void theRampAloneMultipliesAnyRate() {
        assertEquals(0.5 / 4, LinearWarmup.ramp(0.5, 0, 4), 0.0);
        assertEquals(0.5 * 3 / 4, LinearWarmup.ramp(0.5, 2, 4), 0.0);
        assertEquals(0.5, LinearWarmup.ramp(0.5, 3, 4), 0.0);
        assertEquals(0.5, LinearWarmup.ramp(0.5, 1_000_000_000_000L, 4), 0.0);
        assertEquals(0.5, LinearWarmup.ramp(0.5, 0, 1), 0.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LinearWarmup.ramp(0.5, -1, 4))
                .getMessage().contains("step"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LinearWarmup.ramp(0.5, 0, 0))
                .getMessage().contains("warmupSteps"));
    }
}
