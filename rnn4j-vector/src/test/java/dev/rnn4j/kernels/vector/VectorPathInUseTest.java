package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.KernelProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The core suite re-run in this module must really run on the Vector API kernels. */
class VectorPathInUseTest {

    @Test
    void providerChoosesTheVectorKernels() {
        assertInstanceOf(VectorKernels.class, KernelProvider.get(), "this module's tests run with -Drnn4j.kernels=vector");
    }
}
