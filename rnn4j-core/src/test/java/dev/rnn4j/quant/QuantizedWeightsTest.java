package dev.rnn4j.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.Cells;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A quantized state dict written as safetensors ({@code I8} weights, {@code F32} scales under
 * {@code name.scale}) and read back into a model: the loaded model runs the int8 layers with the very
 * matrices quantized in memory, and every way the file can be wrong is an error that names the tensor.
 */
class QuantizedWeightsTest {

    private static final SequenceClassifier.Config CONFIG = new SequenceClassifier.Config(30, 8, CellType.LSTM, 12,
            2, true, 0, 0, Pooling.ATTENTION, 3, 0);
    private static final int[] IDS = {1, 5, 7, 9, 2, 0, 3, 4, 28, 6, 0, 0}; // (B=2, T=6)
    private static final int[] LENGTHS = {5, 4};

    @Test
    void aSavedQuantizedModelLoadsAndRunsTheSameInt8Layers() throws Exception {
        SequenceClassifier model = new SequenceClassifier(CONFIG, new Rng(1));
        model.eval();
        Tensor floatLogits = logits(model);
        // embedding kept in float: the loaded model must equal the in-memory int8 one exactly
        Quantizer.QuantizedState state = Quantizer.quantize(model.stateDict(), name -> name.startsWith("embedding"));
        assertEquals(Set.of("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.weight_ih_l0_reverse",
                "rnn.weight_hh_l0_reverse", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.weight_ih_l1_reverse",
                "rnn.weight_hh_l1_reverse", "attention.weight", "attention_score.weight", "fc.weight"),
                state.int8Names());
        SequenceClassifier loaded = load(state.tensors(), state.int8Names());
        model.rnn().useInt8(QuantizedRecurrent.quantize(model.rnn()));
        model.fc().useInt8(QuantizedLinear.quantize(model.fc()));
        for (String name : List.of("attention", "attention_score")) {
            dev.rnn4j.nn.Linear linear = (dev.rnn4j.nn.Linear) model.namedModules().get(name);
            linear.useInt8(QuantizedLinear.quantize(linear));
        }
        assertArrayEquals(logits(model).toFloatArray(), logits(loaded).toFloatArray(), 0f);
        QuantizedLayersTest.assertClose(floatLogits, logits(loaded), QuantizedLayersTest.TOLERANCE, "logits");

        // embedding in int8 too: rows dequantized at load, still close to float
        Quantizer.QuantizedState all = Quantizer.quantize(new SequenceClassifier(CONFIG, new Rng(1)).stateDict(),
                name -> false);
        assertTrue(all.int8Names().contains("embedding.weight"));
        QuantizedLayersTest.assertClose(floatLogits, logits(load(all.tensors(), all.int8Names())),
                QuantizedLayersTest.TOLERANCE, "logits, int8 embedding");
    }

    @Test
    void corruptFilesAreRejectedNamingTheTensor() {
        Quantizer.QuantizedState state = Quantizer.quantize(new SequenceClassifier(CONFIG, new Rng(2)).stateDict(),
                name -> false);

        Map<String, Tensor> noScale = new LinkedHashMap<>(state.tensors());
        noScale.remove("fc.weight.scale");
        assertFails(noScale, state.int8Names(), "int8 tensor 'fc.weight' has no scales 'fc.weight.scale'");

        Map<String, Tensor> shortScale = new LinkedHashMap<>(state.tensors());
        shortScale.put("rnn.weight_ih_l0.scale", Tensor.of(new float[47], 47));
        assertFails(shortScale, state.int8Names(), "'rnn.weight_ih_l0.scale': expected shape (48)");

        Map<String, Tensor> doubleScale = new LinkedHashMap<>(state.tensors());
        doubleScale.put("fc.weight.scale", doubleScale.get("fc.weight.scale").to(dev.rnn4j.tensor.DType.F64));
        assertFails(doubleScale, state.int8Names(), "'fc.weight.scale' is stored as F64; expected F32");

        Set<String> fcAsFloat = new LinkedHashSet<>(state.int8Names());
        fcAsFloat.remove("fc.weight");
        assertFails(state.tensors(), fcAsFloat, "'fc.weight' is stored as F32 but has scales");

        Map<String, Tensor> negative = new LinkedHashMap<>(state.tensors());
        negative.put("fc.weight.scale", Tensor.of(new float[] {0.1f, -0.1f, 0.1f}, 3));
        assertFails(negative, state.int8Names(), "expected a finite scale >= 0");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.quantize(state.tensors(), name -> false));
        assertTrue(e.getMessage().contains("quantized already"), e.getMessage());
    }

    @Test
    void layersWithoutAnInt8PathOrWithHalfTheirWeightsInInt8FailToAttach() throws Exception {
        Rng rng = new Rng(5);
        RecurrentLayer ln = RecurrentLayer.of(Cells.forName("LSTM_LN"), new RecurrentLayer.Options(4, 6), rng);
        Quantizer.QuantizedState state = Quantizer.quantize(ln.stateDict(), name -> false);
        QuantizedWeights weights = read(state.tensors(), state.int8Names());
        ln.loadStateDict(weights.floatState(), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weights.attach(ln, ""));
        assertTrue(e.getMessage().contains("LSTM_LN") && e.getMessage().contains("no int8 path"), e.getMessage());

        RecurrentLayer lstm = RecurrentLayer.of(Cells.forName("LSTM"), new RecurrentLayer.Options(4, 6), rng);
        Quantizer.QuantizedState half = Quantizer.quantize(lstm.stateDict(), name -> name.startsWith("weight_hh"));
        QuantizedWeights halfWeights = read(half.tensors(), half.int8Names());
        e = assertThrows(IllegalArgumentException.class, () -> halfWeights.attach(lstm, ""));
        assertTrue(e.getMessage().contains("[weight_hh_l0] are not; expected all or none"), e.getMessage());
    }

    private static SequenceClassifier load(Map<String, Tensor> tensors, Set<String> int8) throws Exception {
        QuantizedWeights weights = read(tensors, int8);
        SequenceClassifier loaded = new SequenceClassifier(CONFIG, new Rng(99));
        loaded.loadStateDict(weights.floatState(), true);
        List<String> attached = weights.attach(loaded, "");
        assertEquals(List.of("rnn", "attention", "attention_score", "fc"), attached);
        loaded.eval();
        return loaded;
    }

    private static QuantizedWeights read(Map<String, Tensor> tensors, Set<String> int8) throws Exception {
        SafeTensorsFile file = SafeTensors.read(SafeTensors.toBytes(tensors, Map.of(), int8), "model.safetensors");
        return QuantizedWeights.read(file, "model.safetensors");
    }

    private static void assertFails(Map<String, Tensor> tensors, Set<String> int8, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(tensors, int8));
        assertTrue(e.getMessage().contains(message) && e.getMessage().startsWith("model.safetensors: "),
                e.getMessage());
    }

    private static Tensor logits(SequenceClassifier model) {
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return model.forward(IDS, 2, 6, LENGTHS);
        }
    }
}
