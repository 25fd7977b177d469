package dev.rnn4j.tensor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The array cache and what autograd gives back to it (Java 21+ paths, which the tests turn on):
 * exact lengths, one taker per array, intermediate gradients and declared internals only once
 * the backward pass is done with them, retained gradients and handed-out data never.
 */
class ArrayCacheTest {

    private static final int N = ArrayCache.MIN_LENGTH;

    @BeforeEach
    void emptyCache() {
        assertTrue(ArrayCache.enabled(), "the tests run with -Drnn4j.java21Paths=true (pom.xml)");
        ArrayCache.setKeeping(true);
        ArrayCache.clear();
    }

    @AfterEach
    void keepingBackOn() {
        ArrayCache.setKeeping(true);
        ArrayCache.clear();
    }

    @Test
    void referencesPropertyAcceptsSoftAndWeakAndFallsBackToWeak() {
        assertTrue(ArrayCache.parseReferences("soft"));
        assertTrue(ArrayCache.parseReferences(" SOFT "));
        assertFalse(ArrayCache.parseReferences("weak"));
        assertFalse(ArrayCache.parseReferences(null));
        assertFalse(ArrayCache.parseReferences(""));
        assertFalse(ArrayCache.parseReferences("strong")); // a warning, then weak
    }

    @Test
    void anArrayGoesToOneTakerOfItsExactLength() {
        float[] a = new float[N];
        ArrayCache.give(a);
        ArrayCache.give(a); // twice: still one taker
        assertNull(ArrayCache.take(N + 1));
        assertSame(a, ArrayCache.take(N));
        assertNull(ArrayCache.take(N));
        ArrayCache.give(new float[N - 1]); // too short to keep
        assertNull(ArrayCache.take(N - 1));
        assertThrows(IllegalArgumentException.class, () -> ArrayCache.take(-1));
    }

    @Test
    void notKeepingMeansFreshArrays() {
        ArrayCache.give(new float[N]);
        assertTrue(ArrayCache.setKeeping(false));
        assertFalse(ArrayCache.keeping());
        assertNull(ArrayCache.take(N), "turning keeping off forgets what was kept");
        ArrayCache.give(new float[N]);
        assertNull(ArrayCache.take(N));
        float[] fresh = ArrayCache.takeOrAllocate(N, true);
        for (float v : fresh) {
            assertTrue(v == 0f);
        }
    }

    @Test
    void takenArraysAreClearedWhenAskedAndZerosUseThem() {
        float[] dirty = new float[N];
        java.util.Arrays.fill(dirty, 7f);
        ArrayCache.give(dirty);
        Tensor zeros = Tensor.zeros(N);
        assertSame(dirty, zeros.f(), "a large zeros tensor takes a kept array");
        assertArrayEquals(new float[N], zeros.f());
    }

    @Test
    void aTransposeWithoutAGraphFillsAKeptArrayWholly() {
        float[] dirty = new float[N];
        java.util.Arrays.fill(dirty, Float.NaN);
        ArrayCache.give(dirty);
        Tensor x = random(3, N).reshape(64, N / 64); // (64, 1024)
        Tensor t;
        try (var scope = Autograd.noGrad()) {
            t = x.transpose(0, 1);
        }
        assertSame(dirty, t.f(), "without a graph the transpose takes the kept array");
        for (int i = 0; i < N / 64; i++) {
            for (int j = 0; j < 64; j++) {
                assertTrue(t.f()[i * 64 + j] == x.f()[j * (N / 64) + i], "element (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void intermediateGradientsComeBackRetainedOnesDoNot() {
        Tensor x = random(1, N).requiresGrad(true);
        Tensor hidden = x.mul(2.0);
        Tensor kept = hidden.tanh().retainGrad();
        kept.mul(random(2, N)).sum().backward();
        assertNull(hidden.grad(), "an intermediate gradient is not kept past backward");
        float[] keptGrad = kept.grad().toFloatArray();

        // a second graph of the same sizes takes whatever came back; the retained gradient is untouched
        Tensor y = random(3, N).requiresGrad(true);
        y.mul(3.0).tanh().mul(random(4, N)).sum().backward();
        assertArrayEquals(keptGrad, kept.grad().f());
        List<float[]> back = drain(N);
        for (float[] a : back) {
            assertNotSame(kept.grad().f(), a);
            assertNotSame(x.grad().f(), a, "a leaf's gradient is the caller's");
            assertNotSame(y.grad().f(), a);
        }
    }

    @Test
    void declaredInternalsComeBackAfterTheirProducersBackwardOnly() {
        Tensor x = random(5, N).requiresGrad(true);
        Tensor internal = x.mul(3.0).releaseAfterBackward();
        Tensor out = internal.mul(internal); // 9 x², read internal's data in its backward
        float[] internalData = internal.f();
        assertFalse(drain(N).contains(internalData), "nothing comes back before backward");
        out.sum().backward();
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) {
            expected[i] = 2f * (3f * x.f()[i]) * 3f; // d(u²)/du · du/dx, in the order the operations round
        }
        assertArrayEquals(expected, x.grad().f());
        assertTrue(drain(N).stream().anyMatch(a -> a == internalData), "the internal array came back");

        Tensor notRun = random(6, N).requiresGrad(true).mul(2.0).releaseAfterBackward();
        float[] notRunData = notRun.f();
        assertFalse(drain(N).stream().anyMatch(a -> a == notRunData), "no backward, nothing comes back");
    }

    @Test
    void aDropoutMaskComesBackAfterItsBackwardOrAtOnceWithoutAGraph() {
        float[] kept = new float[N];
        ArrayCache.give(kept);
        Tensor x = random(9, N).requiresGrad(true);
        Tensor y = Ops.dropout(x, 0.5, new Rng(10));
        assertNotSame(kept, y.f(), "the output is the caller's: the kept array became the mask");
        assertFalse(drain(N).contains(kept), "the mask stays with the graph until its backward");
        y.sum().backward();
        assertTrue(drain(N).stream().anyMatch(a -> a == kept), "the mask came back after the backward pass");
        assertArrayEquals(x.grad().f(), kept, "d sum(x ⊙ mask) / dx is the mask");

        float[] keptToo = new float[N];
        ArrayCache.give(keptToo);
        Tensor noGraph = Ops.dropout(random(11, N), 0.5, new Rng(12));
        assertNotSame(keptToo, noGraph.f());
        assertTrue(drain(N).stream().anyMatch(a -> a == keptToo), "without a graph the mask comes back at once");
    }

    @Test
    void recycledParameterGradientsAreZeroedAndRefilled() {
        Tensor w = random(7, N).requiresGrad(true);
        Tensor weights = random(8, N);
        w.mul(weights).sum().backward();
        Tensor held = w.grad();
        float[] first = held.toFloatArray();
        w.recycleGrad();
        assertNull(w.grad());
        w.mul(weights).mul(2.0).sum().backward();
        assertSame(held.f(), w.grad().f(), "the next gradient reuses the array (the documented contract)");
        for (int i = 0; i < N; i++) {
            assertTrue(w.grad().f()[i] == first[i] * 2f, "zeroed before the second backward added into it");
        }
    }

    /** Takes every kept array of length n. */
    private static List<float[]> drain(int n) {
        List<float[]> out = new ArrayList<>();
        for (float[] a = ArrayCache.take(n); a != null; a = ArrayCache.take(n)) {
            out.add(a);
        }
        return out;
    }

    private static Tensor random(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return Tensor.of(data, n);
    }
}
