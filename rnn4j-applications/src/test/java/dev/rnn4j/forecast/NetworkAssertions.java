package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.tensor.Tensor;
import java.util.Map;

/** Assertions on forecasting networks shared by the tests of this package. */
final class NetworkAssertions {

    private NetworkAssertions() {
    }

    /** The two networks have the same parameter names and the same floats, bit for bit. */
    static void assertSameWeights(ForecastNetwork expected, ForecastNetwork actual) {
        Map<String, Tensor> a = expected.stateDict();
        Map<String, Tensor> b = actual.stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).toFloatArray(), b.get(name).toFloatArray(), 0f, name);
        }
    }
}
