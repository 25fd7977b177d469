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
 */
public record SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    /** Copies both maps (keeping their order) into unmodifiable ones; rejects nulls. */
    public SafeTensorsFile {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
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
