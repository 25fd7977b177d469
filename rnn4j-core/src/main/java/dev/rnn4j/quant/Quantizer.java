package dev.rnn4j.quant;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Quantizes a model's state dict for saving, by the names PyTorch gives its weights: every float32
 * matrix named {@code weight} (a {@code Linear} or {@code Embedding}) or {@code weight_ih_l*} /
 * {@code weight_hh_l*} (a recurrent layer, both directions) becomes an {@link Int8Matrix} with one
 * symmetric scale per row, stored as {@code name} ({@code I8}) and {@code name.scale} ({@code F32};
 * see {@link QuantizedWeights}). Biases, vectors, projections ({@code weight_hr_l*}) and the
 * matrices the caller keeps in float stay as they are.
 */
public final class Quantizer {

    private static final Pattern QUANTIZED_NAME =
            Pattern.compile("(.*\\.)?(weight|weight_(ih|hh)_l\\d+(_reverse)?)");

    private Quantizer() {
    }

    /**
     * The tensors to write and the names among them to store as {@code I8}.
     *
     * @param tensors   the tensors to write, int8 values held as float32 integers
     * @param int8Names the names to store as {@code I8}
     */
    public record QuantizedState(Map<String, Tensor> tensors, Set<String> int8Names) {
        public QuantizedState {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            int8Names = Collections.unmodifiableSet(new LinkedHashSet<>(int8Names));
        }
    }

    /** Whether {@code name} is a weight {@link #quantize} turns into int8 (when it is a float32 matrix). */
    public static boolean quantizable(String name) {
        return QUANTIZED_NAME.matcher(name).matches();
    }

    /**
     * Quantizes {@code state}, in its order, each scale right after its matrix.
     *
     * @param keepFloat names of quantizable matrices to keep in float (e.g. the embedding)
     * @throws IllegalArgumentException if a name already ends in {@code .scale} next to its weight,
     *                                  i.e. the state is quantized already
     */
    public static QuantizedState quantize(Map<String, Tensor> state, Predicate<String> keepFloat) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<String> int8 = new LinkedHashSet<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name.endsWith(QuantizedWeights.SCALE_SUFFIX)
                    && state.containsKey(name.substring(0, name.length() - QuantizedWeights.SCALE_SUFFIX.length()))) {
                throw new IllegalArgumentException("tensor '" + name + "': the model is quantized already");
            }
            if (quantizable(name) && t.rank() == 2 && t.dtype() == DType.F32 && !keepFloat.test(name)) {
                Int8Matrix m = Int8Matrix.quantize(t);
                out.put(name, m.valuesTensor());
                out.put(name + QuantizedWeights.SCALE_SUFFIX, m.scalesTensor());
                int8.add(name);
            } else {
                out.put(name, t);
            }
        }
        return new QuantizedState(out, int8);
    }
}
