package dev.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Reads optim/reference.json (written by tools/make_optim_reference.py) and compares tensors with it. */
final class Reference {

    private static JsonNode root;

    private Reference() {
    }

    static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = Reference.class.getResourceAsStream("/optim/reference.json")) {
                if (in == null) {
                    throw new IllegalStateException("test resource /optim/reference.json is missing");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Decodes {"dtype", "shape", "bits"} into a tensor. */
    static Tensor tensor(JsonNode node) {
        int[] shape = new int[node.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get("shape").get(i).asInt();
        }
        JsonNode bits = node.get("bits");
        if ("F32".equals(node.get("dtype").asText())) {
            float[] data = new float[bits.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(bits.get(i).asText(), 16));
            }
            return Tensor.of(data, shape);
        }
        double[] data = new double[bits.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = Double.longBitsToDouble(Long.parseUnsignedLong(bits.get(i).asText(), 16));
        }
        return Tensor.of(data, shape);
    }

    static List<Tensor> tensors(JsonNode array) {
        List<Tensor> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.isNull() ? null : tensor(n));
        }
        return out;
    }

    /** Gives {@code param} exactly {@code grad} as its gradient, through the autograd (d(sum(p * G))/dp = G). */
    static void setGrad(Tensor param, Tensor grad) {
        param.clearGrad();
        if (grad != null) {
            param.mul(grad).sum().backward();
        }
    }

    /** Largest difference in units in the last place seen by {@link #assertClose}, per call. */
    static long lastMaxUlps;

    /**
     * Asserts |actual - expected| <= rtol * |expected| + atol element-wise (and the same shape, dtype),
     * recording the largest ulp distance in {@link #lastMaxUlps}.
     */
    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertTrue(expected.dtype() == actual.dtype(), what + ": dtype " + actual.dtype() + ", expected "
                + expected.dtype());
        long maxUlps = 0;
        for (int i = 0; i < expected.numel(); i++) {
            double e = expected.getFlat(i);
            double a = actual.getFlat(i);
            if (Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            if (!(Math.abs(a - e) <= rtol * Math.abs(e) + atol)) {
                fail(what + ": element " + i + " is " + a + ", PyTorch has " + e + " (difference " + Math.abs(a - e)
                        + ")");
            }
            long ulps = expected.f() != null
                    ? Math.abs((long) Float.floatToIntBits((float) a) - Float.floatToIntBits((float) e))
                    : Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(e));
            maxUlps = Math.max(maxUlps, ulps);
        }
        lastMaxUlps = maxUlps;
    }
}
