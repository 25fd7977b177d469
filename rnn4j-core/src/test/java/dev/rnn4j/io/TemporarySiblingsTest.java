package dev.rnn4j.io;

import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write killed between creating its temporary file and moving it leaves a hidden copy next to
 * the target; the next write of that target removes it, and nothing else.
 */
class TemporarySiblingsTest {

    @TempDir
    Path dir;

    /** What a kill inside {@code SafeTensors.write} and {@code ReplaceFile.write} of the two targets leaves. */
    private static final List<String> LEFTOVERS = List.of(
            ".weights.safetensors.0f8fad5b-d9cb-469f-a165-70867728950e.tmp",
            ".config.json-8305179427131648123.tmp",
            ".forecast.png.3w5e11264sgsf.tmp");

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void recognisesTheNamesOfEachWriterAndNothingElse() {
        assertTrue(TemporarySiblings.isTemporaryOf(LEFTOVERS.get(0), "weights.safetensors"));
        assertTrue(TemporarySiblings.isTemporaryOf(LEFTOVERS.get(1), "config.json"));
        assertTrue(TemporarySiblings.isTemporaryOf(LEFTOVERS.get(2), "forecast.png"));
        assertFalse(TemporarySiblings.isTemporaryOf(LEFTOVERS.get(0), "config.json"), "another target's");
        assertFalse(TemporarySiblings.isTemporaryOf("weights.safetensors", "weights.safetensors"), "the target");
        assertFalse(TemporarySiblings.isTemporaryOf(".weights.safetensors.tmp.bak", "weights.safetensors"));
        assertFalse(TemporarySiblings.isTemporaryOf(".config.json.backup.0f8fad5b-d9cb-469f-a165-70867728950e.tmp",
                "config.json"), "the temporary file of config.json.backup");
        assertFalse(TemporarySiblings.isTemporaryOf(".config.json-12x.tmp", "config.json"));
    }

    @Test
    void theNextWriteOfATargetRemovesItsLeftoversOnly() throws IOException {
        for (String name : LEFTOVERS) {
            Files.writeString(dir.resolve(name), "half written");
        }
        Files.writeString(dir.resolve("notes.tmp"), "a user's file");
        SafeTensors.write(dir.resolve("weights.safetensors"), Map.of("w", Tensor.of(new float[] {1, 2}, 2)), Map.of());
        assertEquals(List.of(LEFTOVERS.get(1), LEFTOVERS.get(2), "notes.tmp", "weights.safetensors"), names());
        ReplaceFile.write(dir.resolve("config.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(LEFTOVERS.get(2), "config.json", "notes.tmp", "weights.safetensors"), names());
        TemporarySiblings.removeStale(dir.resolve("forecast.png"));
        assertEquals(List.of("config.json", "notes.tmp", "weights.safetensors"), names());
    }

    @Test
    void aMissingFolderHoldsNoLeftoversAndAPathWithoutANameIsRefused() throws IOException {
        TemporarySiblings.removeStale(dir.resolve("absent").resolve("weights.safetensors"));
        assertThrows(IllegalArgumentException.class, () -> TemporarySiblings.removeStale(null));
        assertThrows(IllegalArgumentException.class, () -> TemporarySiblings.removeStale(dir.getRoot()));
    }
}
