package dev.rnn4j.nn;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Creating recurrent layers and running them starts no thread: the kernel warm-up is the caller's
 * explicit {@link KernelWarmup#start()}. The sizes are small enough that the kernels' worker threads
 * are not needed either. This suite also runs with the Vector API kernels (rnn4j-vector), the only
 * kernels the warm-up runs with.
 */
class NoThreadOnConstructionTest {

    @Test
    void layersAndTheirForwardStartNoThread() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Rng rng = new Rng(3);
        RecurrentLayer.Options options = new RecurrentLayer.Options(3, 4);
        List<RecurrentLayer> layers = List.of(new LSTM(options, rng), new GRU(options, rng),
                new RNN(options, false, rng), new RNN(options, true, rng));
        for (RecurrentLayer layer : layers) {
            layer.forward(Tensor.zeros(2, 2, 3)); // (T, B, I)
        }
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        assertEquals(Set.of(), started.stream().map(Thread::getName).collect(Collectors.toSet()),
                "threads started while creating and running layers");
        assertFalse(KernelWarmup.started(), "the kernel warm-up was started by something other than a caller");
    }
}
