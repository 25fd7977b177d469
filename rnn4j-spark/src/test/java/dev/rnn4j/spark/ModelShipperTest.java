package dev.rnn4j.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelShipperTest {

    @TempDir
    Path tmp;

    @Test
    void theShippedArchiveHoldsTheModelFilesButNotTheTrainingRun() throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{}");
        Files.writeString(tmp.resolve("weights.safetensors"), "w");
        Files.createDirectories(tmp.resolve("tokenizer"));
        Files.writeString(tmp.resolve("tokenizer").resolve("merges.txt"), "m");
        Files.createDirectories(tmp.resolve("training").resolve("checkpoints"));
        Files.writeString(tmp.resolve("training").resolve("checkpoints").resolve("epoch-1.safetensors"), "c");
        Files.writeString(tmp.resolve("training").resolve("metrics.jsonl"), "{}");
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(ModelShipper.zip(tmp)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("config.json", "tokenizer/merges.txt", "weights.safetensors"), names);
    }
}
