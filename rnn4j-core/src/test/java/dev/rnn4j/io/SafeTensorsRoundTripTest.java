package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    /** float32 values whose bits must survive: NaN payloads, signed zeros, subnormals, extremes. */
    static float[] awkwardFloats() {
        return new float[] {
            0f, -0f, 1f, -2.5f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL * 0.5f,
            Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0x7fc00000), Float.intBitsToFloat(0x7fc12345), Float.intBitsToFloat(0xffc00001),
            Float.intBitsToFloat(0x7f812345), // signalling NaN with a payload
            3.1415927f, 1e-30f, -1e30f, 42f
        };
    }

    static double[] awkwardDoubles() {
        return new double[] {
            0d, -0d, 1d, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0x7ff8000000000000L), Double.longBitsToDouble(0x7ff8deadbeef0001L),
            Double.longBitsToDouble(0xfff0000000000abcL), // signalling NaN, negative, with a payload
            Math.PI, -1e300
        };
    }

    static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + "[" + i + "]");
        }
    }

    static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + "[" + i + "]");
        }
    }

    static Map<String, Tensor> sample() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b.floats", Tensor.of(awkwardFloats(), 3, 6));
        tensors.put("a.doubles", Tensor.of(awkwardDoubles(), 2, 7));
        tensors.put("scalar", Tensor.of(new float[] {7.5f}));
        tensors.put("empty", Tensor.of(new float[0], 0, 4));
        tensors.put("odd", Tensor.of(new float[] {1, 2, 3}, 3)); // 12 bytes: later data is not 8-aligned
        tensors.put("after.odd", Tensor.of(new double[] {-1, 2}, 1, 2));
        return tensors;
    }

    @Test
    void roundTripIsBitExactWithMetadataAndOrder() throws Exception {
        Map<String, Tensor> tensors = sample();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("cell", "LSTM");
        metadata.put("unicode", "ünïcødé ✓ \"quoted\" \\ back");
        metadata.put("empty", "");
        Path path = dir.resolve("model.safetensors");
        SafeTensors.write(path, tensors, metadata);

        SafeTensorsFile back = SafeTensors.read(path);
        assertEquals(metadata, back.metadata());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor got = back.tensor(e.getKey());
            assertEquals(e.getValue().dtype(), got.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            if (got.dtype() == DType.F32) {
                assertSameBits(e.getValue().f(), got.f(), e.getKey());
            } else {
                assertSameBits(e.getValue().d(), got.d(), e.getKey());
            }
        }
        assertArrayEquals(new int[0], back.tensor("scalar").shape());
        assertArrayEquals(SafeTensors.toBytes(tensors, metadata), Files.readAllBytes(path));
    }

    @Test
    void layoutMatchesTheReferenceWriter() throws Exception {
        Map<String, Tensor> tensors = sample();
        byte[] bytes = SafeTensors.toBytes(tensors, Map.of("k", "v"));
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"k\":\"v\"},\"b.floats\":{\"dtype\":\"F32\",\"shape\":[3,6],"
                + "\"data_offsets\":[0,72]}"), header);
        String json = header.substring(0, header.length() - countTrailingSpaces(header));
        assertTrue(json.endsWith("}"), "only spaces pad the header: " + header);
        assertTrue(header.length() - json.length() < 8, "at most 7 spaces of padding: " + header);
        long dataBytes = 18 * 4 + 14 * 8 + 4 + 0 + 12 + 16;
        assertEquals(8 + headerLength + dataBytes, bytes.length);
        // First data bytes: 0.0f, then -0.0f little-endian.
        int data = 8 + (int) headerLength;
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0x80},
                java.util.Arrays.copyOfRange(bytes, data, data + 8));
    }

    private static int countTrailingSpaces(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == ' '; i--) {
            n++;
        }
        return n;
    }

    @Test
    void noMetadataMeansNoMetadataKey() throws Exception {
        byte[] bytes = SafeTensors.toBytes(Map.of("x", Tensor.of(new float[] {1}, 1)), Map.of());
        String header = new String(bytes, 8, bytes.length - 12, StandardCharsets.UTF_8);
        assertTrue(!header.contains("__metadata__"), header);
        assertTrue(SafeTensors.read(bytes, "mem").metadata().isEmpty());
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws Exception {
        Path path = dir.resolve("w.safetensors");
        SafeTensors.write(path, Map.of("x", Tensor.of(new float[] {1, 2}, 2)));
        SafeTensors.write(path, Map.of("y", Tensor.of(new double[] {3}, 1)), Map.of("v", "2"));
        SafeTensorsFile back = SafeTensors.read(path);
        assertEquals(List.of("y"), List.copyOf(back.tensors().keySet()));
        assertEquals("2", back.meta("v"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(path), s.toList());
        }
    }

    @Test
    void failedWriteKeepsTheOldFileAndCleansUp() throws Exception {
        Path path = dir.resolve("keep.safetensors");
        SafeTensors.write(path, Map.of("x", Tensor.of(new float[] {1, 2}, 2)));
        byte[] before = Files.readAllBytes(path);
        Map<String, Tensor> bad = new HashMap<>();
        bad.put("x", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(path, bad, Map.of()));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(path));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(path), s.toList());
        }
    }

    @Test
    void writeIntoAMissingDirectoryFailsWithoutLeavingAnything() {
        Path path = dir.resolve("no/such/dir/x.safetensors");
        assertThrows(java.io.IOException.class,
                () -> SafeTensors.write(path, Map.of("x", Tensor.of(new float[] {1}, 1))));
        assertTrue(Files.notExists(path));
    }

    @Test
    void writeRejectsBadArguments() {
        Path path = dir.resolve("bad.safetensors");
        Map<String, Tensor> ok = Map.of("x", Tensor.of(new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(null, ok, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(path, null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(path, ok, null));
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(path, Map.of("__metadata__", Tensor.of(new float[] {1}, 1)), Map.of()));
        assertTrue(reserved.getMessage().contains("__metadata__"), reserved.getMessage());
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        IllegalArgumentException meta = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(path, ok, nullValue));
        assertTrue(meta.getMessage().contains("k"), meta.getMessage());
        Map<String, Tensor> nullName = new HashMap<>();
        nullName.put(null, Tensor.of(new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(path, nullName, Map.of()));
        assertTrue(Files.notExists(path));
    }

    @Test
    void resultMapsAreUnmodifiable() throws Exception {
        SafeTensorsFile f = SafeTensors.read(SafeTensors.toBytes(sample(), Map.of("a", "b")), "mem");
        assertThrows(UnsupportedOperationException.class, () -> f.tensors().clear());
        assertThrows(UnsupportedOperationException.class, () -> f.metadata().put("c", "d"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> f.tensor("nope"));
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("b.floats"));
        IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                () -> f.tensor("odd", 1, 3));
        assertTrue(wrongShape.getMessage().contains("(1, 3)") && wrongShape.getMessage().contains("(3,)"),
                wrongShape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.meta("zzz"));
    }

    /** Reproducible files: the metadata's map order (Map.of's differs per JVM run) must not change the bytes. */
    @Test
    void metadataOrderDoesNotChangeTheBytes() throws SafeTensorsFormatException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1f, -2f, 3.5f}, 3));
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("task", "text-classification");
        forward.put("format_version", "1");
        forward.put("b", "2");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("b", "2");
        backward.put("format_version", "1");
        backward.put("task", "text-classification");
        byte[] first = SafeTensors.toBytes(tensors, forward);
        assertArrayEquals(first, SafeTensors.toBytes(tensors, backward));
        assertEquals(forward, SafeTensors.read(first, "ordered").metadata());
    }
}
