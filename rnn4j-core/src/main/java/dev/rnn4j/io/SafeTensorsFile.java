package dev.rnn4j.io;

import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a safetensors file: named tensors and string metadata.
 *
 * @param tensors  the tensors by name, iterating in the order of the file's JSON header
 *                 (which is also data order for files written by {@link SafeTensors});
 *                 unmodifiable
 * @param metadata the {@code __metadata__} entries (empty when the file has none), in header
 *                 order; unmodifiable
 * @param storedDtypes each tensor's dtype as the file stores it ({@code "F32"}, {@code "I8"}, ...), by
 *                 name; unmodifiable
 */
public record SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata,
                              Map<String, String> storedDtypes) {

    /** Copies the maps (keeping their order) into unmodifiable ones; rejects nulls and a dtype map of other names. */
    public SafeTensorsFile {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(storedDtypes, "storedDtypes");
        if (!storedDtypes.keySet().equals(tensors.keySet())) {
            throw new IllegalArgumentException("storedDtypes: expected one dtype per tensor " + tensors.keySet()
                    + ", got " + storedDtypes.keySet());
        }
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        storedDtypes = Collections.unmodifiableMap(new LinkedHashMap<>(storedDtypes));
    }

    /** Tensors held as they are stored: each tensor's stored dtype is its own ({@code F32} or {@code F64}). */
    public SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this(tensors, metadata, ownDtypes(tensors));
    }

    private static Map<String, String> ownDtypes(Map<String, Tensor> tensors) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : Objects.requireNonNull(tensors, "tensors").entrySet()) {
            out.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()).dtype().name());
        }
        return out;
    }

    /**
     * The dtype tensor {@code name} has in the file ({@code "F32"}, {@code "I8"}, ...), which for
     * F16, BF16, I8, I32 and I64 differs from the tensor's own.
     *
     * @throws IllegalArgumentException if there is no such tensor (the message lists the names present)
     */
    public String storedDtype(String name) {
        tensor(name);
        return storedDtypes.get(name);
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws IllegalArgumentException if there is none (the message lists the names present)
     */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "'; present: " + tensors.keySet());
        }
        return t;
    }

    /**
     * The tensor called {@code name}, checked to have the given shape.
     *
     * @throws IllegalArgumentException if there is none or its shape differs (expected vs actual)
     */
    public Tensor tensor(String name, int... expectedShape) {
        Tensor t = tensor(name);
        if (!java.util.Arrays.equals(t.shape(), expectedShape)) {
            throw new IllegalArgumentException("tensor '" + name + "': expected shape " + Shape.str(expectedShape)
                    + " but found " + Shape.str(t.shape()));
        }
        return t;
    }

    /** Whether a tensor called {@code name} is present. */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The metadata value for {@code key}.
     *
     * @throws IllegalArgumentException if the key is absent (the message lists the keys present)
     */
    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no metadata key '" + key + "'; present: " + metadata.keySet());
        }
        return v;
    }
}
