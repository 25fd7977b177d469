package dev.rnn4j.quant;

import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The weights of a model file that may hold int8 matrices, read and checked, and the layers that
 * run them.
 *
 * <p>The convention (also in the {@code io} package comment): a quantized weight {@code name}
 * (e.g. {@code rnn.weight_ih_l0} or {@code fc.weight}) is stored as dtype {@code I8}, shape
 * (rows, cols) as PyTorch's, and its scales as {@code name.scale}, dtype {@code F32}, shape (rows):
 * row r stands for {@code name[r, :] · name.scale[r]}. Every other tensor is stored as before.
 *
 * <p>Loading a model then takes two calls: {@link #floatState()} is the state dict with every int8
 * matrix dequantized (what {@code Module.loadStateDict} expects, so the model's float parameters hold
 * exactly the values the int8 matrices stand for, and gradients, e.g. for explanations, flow through
 * them); {@link #attach} gives every {@link Linear} and {@link RecurrentLayer} whose weights are int8
 * its int8 form, which their forward uses in evaluation mode when no gradient is needed. An
 * {@link Embedding}'s lookup of a dequantized row is exact, so it needs no int8 form.
 */
public final class QuantizedWeights {

    /** The suffix of a scale tensor's name. */
    public static final String SCALE_SUFFIX = ".scale";

    /** The stored dtype of int8 matrices. */
    public static final String INT8_DTYPE = "I8";

    private static final Pattern RECURRENT_WEIGHT = Pattern.compile("weight_(ih|hh)_l\\d+(_reverse)?");

    private final Map<String, Tensor> floatState;
    private final Map<String, Int8Matrix> int8;

    private QuantizedWeights(Map<String, Tensor> floatState, Map<String, Int8Matrix> int8) {
        this.floatState = floatState;
        this.int8 = int8;
    }

    /**
     * Reads the int8 matrices of {@code file} and their scales.
     *
     * @param fileName what to call the file in messages
     * @throws IllegalArgumentException if an {@code I8} tensor has no {@code .scale} or scales of the
     *                                  wrong shape or dtype, or a {@code .scale} belongs to a weight not
     *                                  stored as {@code I8} (the message names the file and tensor)
     */
    public static QuantizedWeights read(SafeTensorsFile file, String fileName) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        Map<String, Int8Matrix> int8 = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
            String name = e.getKey();
            String dtype = file.storedDtype(name);
            if (name.endsWith(SCALE_SUFFIX)) {
                String base = name.substring(0, name.length() - SCALE_SUFFIX.length());
                if (file.has(base)) {
                    if (!INT8_DTYPE.equals(file.storedDtype(base))) {
                        throw new IllegalArgumentException(fileName + ": tensor '" + base + "' is stored as "
                                + file.storedDtype(base) + " but has scales '" + name + "'; expected " + INT8_DTYPE);
                    }
                    if (!"F32".equals(dtype)) {
                        throw new IllegalArgumentException(fileName + ": tensor '" + name + "' is stored as " + dtype
                                + "; expected F32 scales");
                    }
                    continue; // read with its matrix
                }
            }
            if (INT8_DTYPE.equals(dtype)) {
                Tensor scales = file.tensors().get(name + SCALE_SUFFIX);
                if (scales == null) {
                    throw new IllegalArgumentException(fileName + ": int8 tensor '" + name + "' has no scales '"
                            + name + SCALE_SUFFIX + "'");
                }
                Int8Matrix m;
                try {
                    m = Int8Matrix.of(name, e.getValue(), scales);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(fileName + ": " + ex.getMessage(), ex);
                }
                int8.put(name, m);
                state.put(name, m.dequantize());
            } else {
                state.put(name, e.getValue());
            }
        }
        return new QuantizedWeights(Collections.unmodifiableMap(state), Collections.unmodifiableMap(int8));
    }

    /** Whether the file holds any int8 matrix. */
    public boolean quantized() {
        return !int8.isEmpty();
    }

    /** Every tensor by name, int8 matrices dequantized, without the scales; for {@code loadStateDict}. */
    public Map<String, Tensor> floatState() {
        return floatState;
    }

    /** The int8 matrices by name. */
    public Map<String, Int8Matrix> int8() {
        return int8;
    }

    /**
     * Gives every {@link Linear} and {@link RecurrentLayer} of {@code model} whose weights this file
     * holds in int8 (under {@code prefix} + the module's dotted name) its int8 form. Call it after
     * the model's parameters were loaded from {@link #floatState()} (the biases are read from them).
     *
     * @return the dotted names of the modules that now run in int8
     * @throws IllegalArgumentException if a recurrent layer has int8 weights but no int8 path (the
     *                                  message names the layer), or only some of its weights are int8
     */
    public List<String> attach(Module model, String prefix) {
        List<String> attached = new ArrayList<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            String path = e.getKey().isEmpty() ? prefix : prefix + e.getKey() + ".";
            if (e.getValue() instanceof Linear linear) {
                Int8Matrix w = int8.get(path + "weight");
                if (w != null) {
                    linear.useInt8(new QuantizedLinear(w, linear.bias()));
                    attached.add(e.getKey());
                }
            } else if (e.getValue() instanceof RecurrentLayer layer) {
                Map<String, Int8Matrix> matrices = new LinkedHashMap<>();
                List<String> floats = new ArrayList<>();
                for (String name : layer.namedParameters().keySet()) {
                    if (RECURRENT_WEIGHT.matcher(name).matches()) {
                        Int8Matrix m = int8.get(path + name);
                        if (m != null) {
                            matrices.put(name, m);
                        } else {
                            floats.add(path + name);
                        }
                    }
                }
                if (matrices.isEmpty()) {
                    continue;
                }
                String layerName = e.getKey().isEmpty() ? "the model" : "layer '" + e.getKey() + "'";
                if (!floats.isEmpty()) {
                    throw new IllegalArgumentException(layerName + ": some recurrent weights are int8 and " + floats
                            + " are not; expected all or none");
                }
                try {
                    layer.useInt8(QuantizedRecurrent.of(layer, matrices));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(layerName + ": " + ex.getMessage(), ex);
                }
                attached.add(e.getKey());
            }
        }
        return attached;
    }
}
