package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code I8} dtype: written from float32 integers, one byte each, and read back exactly as float32. */
class SafeTensorsInt8Test {

    @Test
    void int8TensorsRoundTripAndTakeOneBytePerElement() throws Exception {
        float[] values = {-128, -127, -1, 0, 1, 64, 126, 127};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(values.clone(), 2, 4));
        tensors.put("w.scale", Tensor.of(new float[] {0.5f, 0.25f}, 2));
        byte[] bytes = SafeTensors.toBytes(tensors, Map.of(), Set.of("w"));
        byte[] asFloat = SafeTensors.toBytes(tensors, Map.of());
        assertTrue(bytes.length <= asFloat.length - 3 * values.length, "I8 saves 3 bytes per element");
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\"dtype\":\"I8\""));
        SafeTensorsFile file = SafeTensors.read(bytes, "int8.safetensors");
        assertEquals("I8", file.storedDtype("w"));
        assertEquals("F32", file.storedDtype("w.scale"));
        assertArrayEquals(values, file.tensor("w", 2, 4).f());
        assertArrayEquals(new float[] {0.5f, 0.25f}, file.tensor("w.scale").f());
    }

    @Test
    void onlyIntegersInTheInt8RangeCanBeStoredAsI8() {
        Map<String, Tensor> half = Map.of("w", Tensor.of(new float[] {0.5f}, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(half, Map.of(), Set.of("w")));
        assertTrue(e.getMessage().contains("'w' element 0 is 0.5"), e.getMessage());
        Map<String, Tensor> big = Map.of("w", Tensor.of(new float[] {1, 128}, 2));
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(big, Map.of(), Set.of("w")));
        assertTrue(e.getMessage().contains("[-128, 127]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(big, Map.of(), Set.of("v")));
        assertTrue(e.getMessage().contains("'v' is not among the tensors"), e.getMessage());
    }
}
