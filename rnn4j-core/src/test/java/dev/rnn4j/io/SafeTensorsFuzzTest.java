package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.tensor.Tensor;
import java.util.Map;

/**
 * Fuzz target of the safetensors reader ({@link SafeTensors#read(byte[], String)}): any bytes
 * either load as a {@link SafeTensorsFile} whose tensors read back through
 * {@link SafeTensors#toBytes} with the same names and shapes, or raise a
 * {@link SafeTensorsFormatException} with a message. Any other exception or error, or a hang, is a
 * finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/io/SafeTensorsFuzzTestInputs/loadsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class SafeTensorsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) {
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(input, "fuzz.safetensors");
        } catch (SafeTensorsFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a SafeTensorsFormatException without a message");
            return;
        }
        SafeTensorsFile again;
        try {
            again = SafeTensors.read(SafeTensors.toBytes(file.tensors(), file.metadata()), "rewritten.safetensors");
        } catch (SafeTensorsFormatException e) {
            throw new AssertionError("a file that loads must write and load again: " + e.getMessage(), e);
        }
        assertEquals(file.tensors().keySet(), again.tensors().keySet());
        assertEquals(file.metadata(), again.metadata());
        for (Map.Entry<String, Tensor> entry : file.tensors().entrySet()) {
            assertArrayEquals(entry.getValue().shape(), again.tensor(entry.getKey()).shape(), entry.getKey());
        }
    }
}
