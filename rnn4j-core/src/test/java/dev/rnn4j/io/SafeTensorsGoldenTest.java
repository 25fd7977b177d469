package dev.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reads the PyTorch reference cases in test resources (golden/, written by tools/make_golden.py). */
class SafeTensorsGoldenTest {

    static Path goldenDir() {
        return dev.rnn4j.testkit.TestResources.goldenDir();
    }

    @Test
    void rnnBasicHasPyTorchNamesShapesValuesAndMetadata() throws Exception {
        SafeTensorsFile file = SafeTensors.read(goldenDir().resolve("rnn_basic.safetensors"));
        assertEquals("RNN", file.meta("cell"));
        assertEquals("recurrent", file.meta("kind"));
        Tensor w = file.tensor("weight_ih_l0", 7, 5);
        assertEquals(DType.F32, w.dtype());
        // Reference bits read from the file with Python's struct module.
        assertEquals(0xbef129a2, Float.floatToRawIntBits(w.f()[0]));
        assertEquals(0x3cca8980, Float.floatToRawIntBits(w.f()[34]));
        assertArrayEquals(new int[] {7, 7}, file.tensor("weight_hh_l0").shape());
        assertArrayEquals(new int[] {4, 3, 5}, file.tensor("x").shape());
        // Header order is kept: the file lists weight_ih_l0 first, then its gradient.
        List<String> names = List.copyOf(file.tensors().keySet());
        assertEquals("weight_ih_l0", names.get(0));
        assertEquals("grad.weight_ih_l0", names.get(1));
    }

    @Test
    void everyManifestCaseReadsWithConsistentShapes() throws Exception {
        Path dir = goldenDir();
        JsonNode manifest;
        try (InputStream in = Files.newInputStream(dir.resolve("MANIFEST.json"))) {
            manifest = new ObjectMapper().readTree(in);
        }
        JsonNode cases = manifest.get("cases");
        assertTrue(cases.size() >= 20, "manifest lists " + cases.size() + " cases");
        for (JsonNode c : cases) {
            String fileName = c.get("file").asText();
            SafeTensorsFile file = SafeTensors.read(dir.resolve(fileName));
            assertEquals(c.get("kind").asText(), file.meta("kind"), fileName);
            assertEquals(c.get("cell").asText(), file.meta("cell"), fileName);
            assertFalse(file.tensors().isEmpty(), fileName);
            int gates = switch (c.get("cell").asText()) {
                case "LSTM" -> 4;
                case "GRU" -> 3;
                default -> 1;
            };
            int hidden = c.get("hidden_size").asInt();
            if (c.get("kind").asText().equals("recurrent")) {
                int input = c.get("input_size").asInt();
                file.tensor("weight_ih_l0", gates * hidden, input);
                file.tensor("weight_hh_l0", gates * hidden, hidden);
                int seq = c.get("seq_len").asInt();
                int batch = c.get("batch").asInt();
                int[] xShape = c.get("batch_first").asBoolean() ? new int[] {batch, seq, input}
                        : new int[] {seq, batch, input};
                file.tensor("x", xShape);
                file.tensor("grad.x", xShape);
            } else {
                int embedding = c.get("embedding_dim").asInt();
                file.tensor("init.rnn.weight_ih_l0", gates * hidden, embedding);
                file.tensor("init.embedding.weight", c.get("vocab").asInt(), embedding);
            }
            for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
                assertEquals(DType.F32, e.getValue().dtype(), fileName + " " + e.getKey());
                for (float v : e.getValue().f()) {
                    assertTrue(Float.isFinite(v), fileName + " " + e.getKey() + " has a non-finite value");
                }
            }
        }
    }

    @Test
    void everyGoldenFileReadsThroughAllThreeEntryPointsAlike() throws Exception {
        Path dir = goldenDir();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        int manifestCases;
        try (InputStream in = Files.newInputStream(dir.resolve("MANIFEST.json"))) {
            manifestCases = new ObjectMapper().readTree(in).get("cases").size();
        }
        assertEquals(manifestCases, files.size(), "one .safetensors file per manifest case");
        for (Path p : files) {
            SafeTensorsFile fromPath = SafeTensors.read(p);
            SafeTensorsFile fromBytes = SafeTensors.read(Files.readAllBytes(p), p.toString());
            SafeTensorsFile fromStream;
            try (InputStream in = Files.newInputStream(p)) {
                fromStream = SafeTensors.read(in, p.toString());
            }
            for (SafeTensorsFile other : List.of(fromBytes, fromStream)) {
                assertEquals(fromPath.metadata(), other.metadata(), p.toString());
                assertEquals(List.copyOf(fromPath.tensors().keySet()), List.copyOf(other.tensors().keySet()));
                for (String name : fromPath.tensors().keySet()) {
                    assertArrayEquals(fromPath.tensor(name).f(), other.tensor(name).f(), p + " " + name);
                }
            }
        }
    }
}
