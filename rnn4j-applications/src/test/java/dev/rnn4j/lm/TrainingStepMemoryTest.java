package dev.rnn4j.lm;

import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.StepResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training step of the language model hands every activation array it takes from {@link ArrayCache} back to it
 * once the backward pass is done: the embeddings, the recurrent outputs, the dropout masks and the dropped-out
 * copies; a forward pass without a graph (scoring the validation text) hands them back at once. An array it kept instead would be garbage that lives from the forward to the backward pass, which the
 * launcher's serial collector promotes to the old generation step after step; the heap then grows to its maximum
 * (a quarter of RAM) before a full collection.
 *
 * <p>Sizes: (T, B, E) = (T, B, H) = 16 × 16 × 256 = 65,536 floats, the smallest array the cache keeps; no other
 * array of the step has that length (gates and recurrent weights 262,144, embedding and decoder weights (V, E)
 * 10,240, logits (T·B, V) 10,240, carried states (L, B, H) 8,192). The cache starts with only the test's own
 * arrays of that length, which the test holds, so the collector cannot take them.
 *
 * <p>Tagged {@code java21-paths}: the build runs it in a JVM of its own with those paths, and so the cache, on
 * (pom.xml).
 */
@Tag("java21-paths")
class TrainingStepMemoryTest {

    private static final int VOCAB = 40;
    private static final int SIZE = 256;   // E = H
    private static final int STEPS = 16;   // T
    private static final int STREAMS = 16; // B
    private static final int ACTIVATION = STEPS * STREAMS * SIZE;
    private static final int SPARES = 4;

    @BeforeEach
    void emptyCache() {
        assertTrue(ArrayCache.enabled(), "tests tagged java21-paths run with -Drnn4j.java21Paths=true (pom.xml)");
        assertEquals(ArrayCache.MIN_LENGTH, ACTIVATION, "the activations are the smallest arrays the cache keeps");
        ArrayCache.setKeeping(true);
        ArrayCache.clear();
    }

    @AfterEach
    void clearCache() {
        ArrayCache.clear();
    }

    @ParameterizedTest(name = "{0}, dropout {1}")
    @CsvSource({"LSTM, 0.25", "LSTM, 0", "GRU, 0.25"})
    void aTrainingStepGivesBackEveryActivationArrayItTook(String cell, double dropout) {
        LanguageModelConfig config = new LanguageModelConfig(cell, VOCAB, SIZE, SIZE, 2, dropout, 0, 0, false);
        StatefulTraining model = new StatefulTraining(new LanguageModelNetwork(config, new Rng(1)), STREAMS);
        model.step(window(0, 2)).loss().backward(); // the window after this one starts from a carried state

        ArrayCache.clear();
        List<float[]> spares = new ArrayList<>();
        for (int i = 0; i < SPARES; i++) {
            spares.add(new float[ACTIVATION]);
            ArrayCache.give(spares.get(i));
        }
        StepResult step = model.step(window(1, 3));
        assertTrue(ArrayCache.take(ACTIVATION) == null, "the forward pass took every kept activation array");
        step.loss().backward();

        Set<float[]> back = drain();
        for (int i = 0; i < SPARES; i++) {
            assertTrue(back.contains(spares.get(i)), "kept array " + i + " of " + SPARES + " came back after the"
                    + " backward pass (" + back.size() + " arrays of (T, B, H) came back in all)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LSTM", "GRU"})
    void aForwardWithoutAGraphGivesBackEveryActivationArrayAtOnce(String cell) {
        LanguageModelConfig config = new LanguageModelConfig(cell, VOCAB, SIZE, SIZE, 2, 0.25, 0, 0, false);
        LanguageModelNetwork network = new LanguageModelNetwork(config, new Rng(1));
        network.eval();
        List<float[]> spares = new ArrayList<>();
        for (int i = 0; i < SPARES; i++) {
            spares.add(new float[ACTIVATION]);
            ArrayCache.give(spares.get(i));
        }
        StreamBatches.Window w = window(0, 4);
        try (Autograd.Scope ignored = Autograd.noGrad()) { // as validation scores a text
            network.forward(w.inputs(), STEPS, STREAMS, null, null);
        }
        Set<float[]> back = drain();
        for (int i = 0; i < SPARES; i++) {
            assertTrue(back.contains(spares.get(i)), "kept array " + i + " of " + SPARES + " came back after the"
                    + " forward pass (" + back.size() + " arrays of (T, B, H) came back in all)");
        }
    }

    /** Takes every kept array of (T, B, H)'s length. */
    private static Set<float[]> drain() {
        Set<float[]> back = Collections.newSetFromMap(new IdentityHashMap<>());
        for (float[] a = ArrayCache.take(ACTIVATION); a != null; a = ArrayCache.take(ACTIVATION)) {
            back.add(a);
        }
        return back;
    }

    /** Window {@code index} of random ids, time-major (T, B). */
    private static StreamBatches.Window window(int index, long seed) {
        Rng rng = new Rng(seed);
        int[] inputs = new int[STEPS * STREAMS];
        int[] targets = new int[STEPS * STREAMS];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (int) (rng.nextDouble() * VOCAB);
            targets[i] = (int) (rng.nextDouble() * VOCAB);
        }
        return new StreamBatches.Window(index, STEPS, STREAMS, inputs, targets);
    }
}
