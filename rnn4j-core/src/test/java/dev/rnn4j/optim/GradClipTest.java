package dev.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** clipGradNorm / clipGradValue against torch.nn.utils.clip_grad_norm_ / clip_grad_value_. */
class GradClipTest {

    @TestFactory
    List<DynamicTest> clippingMatchesPyTorch() {
        JsonNode root = Reference.root();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("clip")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> runCase(root, c)));
        }
        assertTrue(tests.size() >= 7);
        return tests;
    }

    private static void runCase(JsonNode root, JsonNode c) {
        List<Tensor> grads = Reference.tensors(root.get("grads").get(0));
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < grads.size(); i++) {
            Tensor p = Tensor.zeros(grads.get(i).shape()).requiresGrad(true);
            boolean missing = false;
            for (JsonNode m : c.path("missing")) {
                missing |= m.asInt() == i;
            }
            Reference.setGrad(p, missing ? null : grads.get(i));
            params.add(p);
        }
        String name = c.get("name").asText();
        if (c.has("clip_value")) {
            GradClip.clipGradValue(params, c.get("clip_value").asDouble());
        } else {
            String nt = c.get("norm_type").asText();
            double normType = "inf".equals(nt) ? Double.POSITIVE_INFINITY : Double.parseDouble(nt);
            double total = GradClip.clipGradNorm(params, c.get("max_norm").asDouble(), normType);
            Tensor expectedTotal = Reference.tensor(c.get("total_norm"));
            Reference.assertClose(expectedTotal, Tensor.of(new float[] {(float) total}, 1), 1e-6, 0.0,
                    name + " total norm");
            System.out.println("optim clip " + name + ": total norm differs by " + Reference.lastMaxUlps + " ulp");
        }
        JsonNode after = c.get("grads_after");
        for (int i = 0; i < params.size(); i++) {
            if (after.get(i).isNull()) {
                assertNull(params.get(i).grad(), name + " parameter " + i + " had no gradient and must still have none");
            } else {
                Reference.assertClose(Reference.tensor(after.get(i)), params.get(i).grad(), 1e-6, 0.0,
                        name + " gradient " + i);
            }
        }
    }

    private static Tensor paramWithGrad(float... grad) {
        Tensor p = Tensor.zeros(grad.length).requiresGrad(true);
        Reference.setGrad(p, Tensor.of(grad, grad.length));
        return p;
    }

    @Test
    void belowTheLimitTheGradientsAreUnchanged() {
        Tensor p = paramWithGrad(3f, 4f);
        assertEquals(5.0, GradClip.clipGradNorm(List.of(p), 10.0), 0.0);
        assertEquals(3f, p.grad().f()[0]);
        assertEquals(4f, p.grad().f()[1]);
    }

    @Test
    void float64GradientsClipToTheLimit() {
        Tensor p = Tensor.zeros(dev.rnn4j.tensor.DType.F64, 2).requiresGrad(true);
        Reference.setGrad(p, Tensor.of(new double[] {3, 4}, 2));
        assertEquals(5.0, GradClip.clipGradNorm(List.of(p), 1.0), 1e-15);
        assertEquals(0.6, p.grad().d()[0], 1e-6);
        assertEquals(0.8, p.grad().d()[1], 1e-6);
    }

    @Test
    void nonFiniteNormIsReturnedOrRaisedOnRequest() {
        Tensor p = paramWithGrad(1f, Float.NaN);
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(p), 1.0)));
        Tensor q = paramWithGrad(1f, Float.POSITIVE_INFINITY);
        GradClip.NonFiniteGradientException e = assertThrows(GradClip.NonFiniteGradientException.class,
                () -> GradClip.clipGradNorm(List.of(q), 1.0, 2.0, true));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        assertEquals(1f, q.grad().f()[0], "the error comes before any gradient is changed");
    }

    @Test
    void noGradientsGiveANormOfZero() {
        assertEquals(0.0, GradClip.clipGradNorm(List.of(Tensor.zeros(3).requiresGrad(true)), 1.0));
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor p = paramWithGrad(1f);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(p), -1.0))
                .getMessage().contains("maxNorm"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(p), 1.0, 0.0))
                .getMessage().contains("normType"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(List.of(p), Double.NaN))
                .getMessage().contains("clipValue"));
        List<Tensor> withNull = new ArrayList<>();
        withNull.add(null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(withNull, 1.0))
                .getMessage().contains("parameter 0"));
    }
}
