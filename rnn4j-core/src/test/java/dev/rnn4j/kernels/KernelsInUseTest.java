package dev.rnn4j.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Names the kernels this run of the suite uses: the scalar reference in rnn4j-core (the vector
 * module is not on its class path), the Vector API in rnn4j-vector, which re-runs this suite.
 */
class KernelsInUseTest {

    @Test
    void implementationMatchesTheRequestedPath() {
        String requested = System.getProperty(KernelProvider.PROPERTY, "scalar");
        String name = KernelProvider.get().name();
        assertEquals(requested.equals("vector"), name.startsWith("vector"), "kernels in use: " + name);
    }
}
