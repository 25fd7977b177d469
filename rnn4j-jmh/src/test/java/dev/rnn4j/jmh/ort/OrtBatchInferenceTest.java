package dev.rnn4j.jmh.ort;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The output check and the JSON line of the ONNX Runtime batch-inference runner (no model needed). */
class OrtBatchInferenceTest {

    @Test
    void differenceIsTheLargestElementwiseGapAndFailsOnNanOrLength() {
        FloatBuffer actual = FloatBuffer.wrap(new float[] {9f, 1f, 2f, 3f});
        actual.position(1); // the runner reads from the buffer's position, as ONNX Runtime hands it over
        assertEquals(0.5, OrtBatchInference.maxAbsDifference(actual, new float[] {1f, 2.5f, 3f}), 1e-12);
        assertEquals(0.0, OrtBatchInference.maxAbsDifference(FloatBuffer.wrap(new float[] {-0.25f}), new float[] {-0.25f}));
        double nan = OrtBatchInference.maxAbsDifference(FloatBuffer.wrap(new float[] {Float.NaN, 5f}), new float[] {0f, 0f});
        assertTrue(Double.isNaN(nan), "NaN output must fail the check, got " + nan);
        double wrongLength = OrtBatchInference.maxAbsDifference(FloatBuffer.wrap(new float[] {1f}), new float[] {1f, 1f});
        assertTrue(Double.isNaN(wrongLength), "a length mismatch must fail the check, got " + wrongLength);
        // a failed check is "not below the tolerance", as the runner tests it
        assertTrue(!(nan < OrtBatchInference.TOLERANCE));
    }

    @Test
    void jsonLineHasTheReferenceFormatAndNullWithANote() {
        assertEquals("{\"system\": \"onnxruntime-1.20.0\", \"workload\": \"infer_gru_batch\", \"threads\": 2, "
                        + "\"unit\": \"sequences/s\", \"value\": 2406.1}",
                OrtBatchInference.jsonLine("onnxruntime-1.20.0", "infer_gru_batch", 2, 2406.0625, null));
        assertEquals("{\"system\": \"s\", \"workload\": \"w\", \"threads\": 1, \"unit\": \"sequences/s\", "
                        + "\"value\": null, \"note\": \"differs by \\\"0.3\\\"\"}",
                OrtBatchInference.jsonLine("s", "w", 1, null, "differs by \"0.3\""));
    }

    @Test
    void rawFloatsAreLittleEndianAndSizeChecked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.f32");
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putFloat(1.5f).putFloat(-2f).putFloat(0.25f);
        Files.write(file, bytes.array());
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, OrtBatchInference.readFloats(file, 3));
        IOException e = assertThrows(IOException.class, () -> OrtBatchInference.readFloats(file, 4));
        assertTrue(e.getMessage().contains("expected 16 bytes (4 floats), found 12"), e.getMessage());
    }
}
