package dev.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint state (save, load, resume exactly, reject what does not fit) and argument validation. */
class OptimizerStateTest {

    private static List<Tensor> copies(List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) {
            out.add(t.copy().requiresGrad(true));
        }
        return out;
    }

    private static void setGrads(List<Tensor> params, JsonNode stepGrads, boolean f64) {
        List<Tensor> g = Reference.tensors(stepGrads);
        for (int i = 0; i < params.size(); i++) {
            Tensor gi = g.get(i);
            Reference.setGrad(params.get(i), gi == null ? null : f64 ? gi.to(DType.F64) : gi);
        }
    }

    /**
     * For every reference setting: 3 steps, save, load into a new optimiser over copies of the
     * parameters, 2 more steps; the result is bit-identical to an uninterrupted 5-step run. The save
     * happens right after the step where the second parameter had no gradient, so partial step
     * counts are covered.
     */
    @TestFactory
    List<DynamicTest> aResumedOptimizerContinuesBitExactly() {
        JsonNode root = Reference.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("optimizers")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                boolean f64 = "F64".equals(c.get("dtype").asText());
                List<Tensor> params = copies(Reference.tensors(root.get(f64 ? "params_f64" : "params")));
                Optimizer first = OptimizerReferenceTest.build(c.get("optimizer").asText(), c.get("settings"), params);
                JsonNode grads = root.get("grads");
                for (int step = 0; step < 3; step++) {
                    setGrads(params, grads.get(step), f64);
                    first.step();
                }
                Map<String, Tensor> tensors = first.stateTensors();
                Map<String, String> scalars = first.stateScalars();
                List<Tensor> resumedParams = copies(params);
                Optimizer resumed = OptimizerReferenceTest.build(c.get("optimizer").asText(), c.get("settings"),
                        resumedParams);
                resumed.loadState(tensors, scalars);
                assertEquals(scalars, resumed.stateScalars());
                for (int step = 3; step < grads.size(); step++) {
                    setGrads(resumedParams, grads.get(step), f64);
                    resumed.step();
                }
                // an uninterrupted run over the same gradients
                List<Tensor> straightParams = copies(Reference.tensors(root.get(f64 ? "params_f64" : "params")));
                Optimizer straight = OptimizerReferenceTest.build(c.get("optimizer").asText(), c.get("settings"),
                        straightParams);
                for (int step = 0; step < grads.size(); step++) {
                    setGrads(straightParams, grads.get(step), f64);
                    straight.step();
                }
                for (int i = 0; i < resumedParams.size(); i++) {
                    assertArrayEquals(straightParams.get(i).toDoubleArray(), resumedParams.get(i).toDoubleArray(),
                            "parameter " + i);
                }
                assertEquals(straight.stateScalars(), resumed.stateScalars());
            }));
        }
        return tests;
    }

    private static List<Tensor> twoParams() {
        return List.of(Tensor.zeros(8, 5).requiresGrad(true), Tensor.zeros(5).requiresGrad(true));
    }

    private static Adam steppedAdam(List<Tensor> params) {
        Adam adam = new Adam(params, 0.01);
        for (Tensor p : params) {
            Reference.setGrad(p, Tensor.full(DType.F32, 0.5, p.shape()));
        }
        adam.step();
        return adam;
    }

    @Test
    void stateNamesFollowPyTorch() {
        Adam adam = steppedAdam(twoParams());
        assertEquals(List.of("state.0.exp_avg", "state.0.exp_avg_sq", "state.1.exp_avg", "state.1.exp_avg_sq"),
                new ArrayList<>(adam.stateTensors().keySet()));
        Map<String, String> s = adam.stateScalars();
        assertEquals("Adam", s.get("optimizer"));
        assertEquals("1", s.get("state.0.step"));
        assertEquals("0.01", s.get("lr"));
        assertEquals("0.999", s.get("beta2"));
    }

    @Test
    void aWronglyShapedBufferIsRejectedWithItsNameAndShapes() {
        Adam saved = steppedAdam(List.of(Tensor.zeros(7, 5).requiresGrad(true), Tensor.zeros(5).requiresGrad(true)));
        Adam target = new Adam(twoParams(), 0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> target.loadState(saved.stateTensors(), saved.stateScalars()));
        assertEquals("optimizer state for parameter 0: expected exp_avg shape (8, 5), got (7, 5)", e.getMessage());
        assertEquals(0, target.stepCount(0), "a failed load changes nothing");
        assertTrue(target.stateTensors().isEmpty());
    }

    @Test
    void missingEntriesAreNamed() {
        Adam saved = steppedAdam(twoParams());
        Map<String, Tensor> tensors = new HashMap<>(saved.stateTensors());
        tensors.remove("state.1.exp_avg_sq");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(twoParams(), 0.01).loadState(tensors, saved.stateScalars()));
        assertTrue(e.getMessage().contains("missing [state.1.exp_avg_sq]"), e.getMessage());

        Map<String, String> scalars = new HashMap<>(saved.stateScalars());
        scalars.remove("lr");
        e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(twoParams(), 0.01).loadState(saved.stateTensors(), scalars));
        assertTrue(e.getMessage().contains("'lr'"), e.getMessage());

        Map<String, String> noStep = new HashMap<>(saved.stateScalars());
        noStep.remove("state.0.step");
        e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(twoParams(), 0.01).loadState(saved.stateTensors(), noStep));
        assertTrue(e.getMessage().contains("state.0.exp_avg"), e.getMessage());
    }

    @Test
    void stateFromAnotherOptimizerOrSettingIsRejected() {
        Adam saved = steppedAdam(twoParams());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdamW(twoParams()).loadState(saved.stateTensors(), saved.stateScalars()));
        assertTrue(e.getMessage().contains("is for Adam"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(twoParams(), 0.01, 0.9, 0.99, 1e-8, 0, false)
                        .loadState(saved.stateTensors(), saved.stateScalars()));
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(Tensor.zeros(8, 5).requiresGrad(true)))
                        .loadState(saved.stateTensors(), saved.stateScalars()));
        assertTrue(e.getMessage().contains("2 parameters"), e.getMessage());
        Map<String, Tensor> extra = new HashMap<>(saved.stateTensors());
        extra.put("state.0.max_exp_avg_sq", Tensor.zeros(8, 5));
        e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(twoParams(), 0.01).loadState(extra, saved.stateScalars()));
        assertTrue(e.getMessage().contains("state.0.max_exp_avg_sq"), e.getMessage());
    }

    @Test
    void theLearningRateComesFromTheSavedState() {
        Adam saved = steppedAdam(twoParams());
        saved.setLearningRate(0.003);
        Adam target = new Adam(twoParams(), 0.5);
        target.loadState(saved.stateTensors(), saved.stateScalars());
        assertEquals(0.003, target.learningRate());
        assertEquals(1, target.stepCount(1));
    }

    @Test
    void parametersWithoutGradientsAreSkippedAndZeroGradClears() {
        List<Tensor> params = twoParams();
        SGD sgd = new SGD(params, 0.1, 0.9);
        Reference.setGrad(params.get(0), Tensor.full(DType.F32, 1.0, 8, 5));
        sgd.step();
        assertEquals(-0.1f, params.get(0).f()[0]);
        assertEquals(0f, params.get(1).f()[0]);
        assertEquals(0, sgd.stepCount(1));
        assertEquals(List.of("state.0.momentum_buffer"), new ArrayList<>(sgd.stateTensors().keySet()));
        sgd.zeroGrad();
        assertNull(params.get(0).grad());
    }

    @Test
    void badHyperParametersAreNamed() {
        List<Tensor> ps = twoParams();
        assertMessage(() -> new Adam(ps, -1e-3), "lr");
        assertMessage(() -> new Adam(ps, 1e-3, 1.0, 0.999, 1e-8, 0, false), "beta1");
        assertMessage(() -> new Adam(ps, 1e-3, 0.9, -0.1, 1e-8, 0, false), "beta2");
        assertMessage(() -> new Adam(ps, 1e-3, 0.9, 0.999, -1, 0, false), "eps");
        assertMessage(() -> new AdamW(ps, 1e-3, 0.9, 0.999, 1e-8, Double.NaN, false), "weight_decay");
        assertMessage(() -> new SGD(ps, Double.NaN), "lr");
        assertMessage(() -> new SGD(ps, 0.1, -0.5), "momentum");
        assertMessage(() -> new SGD(ps, 0.1, 0.0, 0.0, 0.0, true), "Nesterov");
        assertMessage(() -> new SGD(ps, 0.1, 0.9, 0.1, 0.0, true), "Nesterov");
        assertMessage(() -> new RMSprop(ps, 0.01, -0.99, 1e-8, 0, 0, false), "alpha");
        assertMessage(() -> new Adagrad(ps, 0.01, -1, 0, 0, 1e-10), "lr_decay");
        assertMessage(() -> new Adagrad(ps, 0.01, 0, 0, -0.1, 1e-10), "initial_accumulator_value");
        assertMessage(() -> new SGD(List.of(), 0.1), "empty");
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        assertMessage(() -> new SGD(List.of(p, p), 0.1), "parameter 1");
        assertMessage(() -> new Adam(ps).setLearningRate(-1), "lr");
    }

    @Test
    void float32AndFloat64ParametersStepInTheirOwnDtype() {
        Tensor p = Tensor.zeros(3).requiresGrad(true);
        Tensor q = Tensor.zeros(DType.F64, 3).requiresGrad(true);
        Reference.setGrad(p, Tensor.full(DType.F32, 1.0, 3));
        Reference.setGrad(q, Tensor.full(DType.F64, 1.0, 3));
        Adam adam = new Adam(List.of(p, q), 0.1);
        adam.step();
        // first Adam step moves by lr * m_hat / (sqrt(v_hat) + eps) = lr / (1 + 1e-8) for g = 1
        assertEquals(-0.1 / (1 + 1e-8), p.f()[0], 1e-7);
        assertEquals(-0.1 / (1 + 1e-8), q.d()[0], 1e-16);
        assertEquals(DType.F64, adam.stateTensors().get("state.1.exp_avg").dtype());
    }

    @Test
    void adagradHasStateFromTheStart() {
        Adagrad ada = new Adagrad(twoParams(), 0.01, 0, 0, 0.25, 1e-10);
        assertEquals(0.25f, ada.stateTensors().get("state.1.sum").f()[0]);
        assertEquals("0", ada.stateScalars().get("state.1.step"));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), "message '" + ex.getMessage() + "' should name " + part);
    }
}
