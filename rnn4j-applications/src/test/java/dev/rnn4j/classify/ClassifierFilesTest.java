package dev.rnn4j.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Saving and loading a model folder: a loaded classifier predicts the same and saves the same bytes. */
class ClassifierFilesTest {

    @Test
    void aLoadedFolderPredictsTheSameAndSavesTheSameFiles(@TempDir Path dir) throws Exception {
        TextClassifier trained = TextClassifier.train(TextClassifierTest.sentences(80, 1),
                TextClassifierTest.sentences(20, 2), EnsembleTest.PAIR.toBuilder().epochs(2).build());
        Path first = dir.resolve("first");
        ClassifierFiles.save(first, trained.predictor(), trained.memberSummaries());
        ClassifierPredictor loaded = ClassifierFiles.load(first);
        List<String> texts = List.of("the plot was superb", "a dull and tedious story", "fine");
        assertEquals(trained.predictor().predictBatch(texts), loaded.predictBatch(texts));
        assertEquals(trained.temperature(), loaded.temperature());

        Path second = dir.resolve("second");
        ClassifierFiles.save(second, loaded, null);
        for (String name : List.of("weights.safetensors", "weights-1.safetensors", "vocab.json", "labels.json",
                "ngrams.tsv")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(name)), Files.readAllBytes(second.resolve(name)), name);
        }
        Files.delete(second.resolve("weights-1.safetensors"));
        ModelFolderException missing = assertThrows(ModelFolderException.class, () -> ClassifierFiles.load(second));
        assertEquals(true, missing.getMessage().contains("weights-1.safetensors"), missing.getMessage());
    }
}
