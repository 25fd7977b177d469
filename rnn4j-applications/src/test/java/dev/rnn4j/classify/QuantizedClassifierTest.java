package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.explain.Method;
import dev.rnn4j.explain.TextExplainer;
import dev.rnn4j.explain.TextExplanation;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.predict.ConcurrencyCheck;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.quantize.ModelQuantizer;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.LabeledText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn4j quantize} on a tiny trained classifier (an ensemble of two LSTM networks with an n-gram
 * table): the int8 weights take at most half the float weights' bytes (headers included), loads through {@link Predictors},
 * agrees with the float model on at least 95 % of 120 texts with every probability within 0.05 and
 * every network logit within 0.02, is safe to call from several threads, and explains; bad folders and bad files fail with messages that name what is wrong.
 */
class QuantizedClassifierTest {

    @TempDir
    static Path dir;

    static Path floatFolder;
    static Path int8Folder;
    static List<String> texts;
    static ModelQuantizer.Result result;

    @BeforeAll
    static void trainAndQuantize() {
        TextClassifier trained = TextClassifier.train(TextClassifierTest.sentences(160, 1),
                TextClassifierTest.sentences(40, 2), EnsembleTest.PAIR);
        floatFolder = dir.resolve("float");
        trained.save(floatFolder);
        int8Folder = dir.resolve("int8");
        result = ModelQuantizer.quantize(floatFolder, int8Folder, null);
        texts = new ArrayList<>();
        for (LabeledText t : TextClassifierTest.sentences(120, 3)) {
            texts.add(t.text());
        }
    }

    @Test
    void theInt8FolderIsSmallAndPredictsAsTheFloatOne() throws IOException {
        assertEquals("text-classification", result.task());
        assertEquals(Set.of("weights.safetensors", "weights-1.safetensors"), result.int8Tensors().keySet());
        assertTrue(result.int8Tensors().get("weights.safetensors").containsAll(List.of("embedding.weight",
                "rnn.weight_ih_l0", "rnn.weight_hh_l0", "fc.weight")), result.int8Tensors()::toString);
        // this model has 7k parameters, so the JSON headers weigh: half, where a real model's int8 file is about a quarter
        assertTrue(result.int8Bytes() <= 0.50 * result.floatBytes(), result.int8Bytes() + " of " + result.floatBytes());
        SafeTensorsFile weights = SafeTensors.read(int8Folder.resolve("weights.safetensors"));
        assertEquals("I8", weights.storedDtype("rnn.weight_ih_l0"));
        assertEquals("F32", weights.storedDtype("rnn.weight_ih_l0.scale"));
        assertEquals("F32", weights.storedDtype("rnn.bias_ih_l0"));
        assertTrue(Files.readString(int8Folder.resolve("config.json")).contains("\"method\" : \"dynamic-int8\""));

        Predictor<?, ?> loaded = Predictors.load(int8Folder);
        ClassifierPredictor int8 = assertInstanceOf(ClassifierPredictor.class, loaded);
        ClassifierPredictor floats = assertInstanceOf(ClassifierPredictor.class, Predictors.load(floatFolder));
        List<Prediction> expected = floats.predictBatch(texts);
        List<Prediction> actual = int8.predictBatch(texts);
        int agree = 0;
        double maxDifference = 0;
        for (int i = 0; i < texts.size(); i++) {
            agree += expected.get(i).label().equals(actual.get(i).label()) ? 1 : 0;
            for (String label : expected.get(i).probabilities().keySet()) {
                maxDifference = Math.max(maxDifference, Math.abs(expected.get(i).probabilities().get(label)
                        - actual.get(i).probabilities().get(label)));
            }
        }
        assertTrue(agree >= 0.95 * texts.size(), agree + " of " + texts.size() + " labels agree");
        assertTrue(maxDifference <= 0.05, "probabilities differ by up to " + maxDifference);
        // the networks' logits (before the n-gram table, which saturates these probabilities): int8 ran, close
        List<int[]> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add(int8.vocabulary().encode(int8.tokenizer().tokenize(text)));
        }
        for (int k = 0; k < 2; k++) {
            float[] floatLogits = ClassifierPredictor.networkLogits(floats.networks().get(k), ids, 64);
            float[] int8Logits = ClassifierPredictor.networkLogits(int8.networks().get(k), ids, 64);
            assertFalse(java.util.Arrays.equals(floatLogits, int8Logits), "the int8 layers ran");
            double max = 0;
            for (int i = 0; i < floatLogits.length; i++) {
                max = Math.max(max, Math.abs(floatLogits[i] - int8Logits[i]));
            }
            assertTrue(max <= 0.02, "network " + k + ": logits differ by up to " + max);
        }
        assertEquals(actual.get(0), int8.predict(texts.get(0)), "one alone as in the batch");
        ConcurrencyCheck.assertSameAsSequential(int8, texts.subList(0, 24), Objects::equals);
    }

    @Test
    void explainingAnInt8ModelAttributesItsDequantizedNetworks() {
        TextClassifier int8 = TextClassifier.load(int8Folder);
        TextExplanation e = new TextExplainer(int8).explain(texts.get(0), Method.INTEGRATED_GRADIENTS, 16);
        assertEquals(int8.predictor().predict(texts.get(0)).label(), e.label());
        assertEquals(e.tokens().size(), e.attribution().scores().length);
    }

    @Test
    void badFoldersAreRefusedAndLeaveNothingBehind() throws IOException {
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> ModelQuantizer.quantize(int8Folder, dir.resolve("twice"), null));
        assertTrue(again.getMessage().contains("quantized already"), again.getMessage());
        assertFalse(Files.exists(dir.resolve("twice")));

        IllegalArgumentException missingParent = assertThrows(IllegalArgumentException.class,
                () -> ModelQuantizer.quantize(floatFolder, dir.resolve("no-such-folder").resolve("out"), null));
        assertTrue(missingParent.getMessage().contains("no-such-folder") && missingParent.getMessage()
                .contains("does not exist"), missingParent.getMessage());

        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> ModelQuantizer.quantize(floatFolder, int8Folder, null));
        assertTrue(exists.getMessage().contains("exists; expected a new or empty folder"), exists.getMessage());

        Path other = Files.createDirectories(dir.resolve("speech"));
        Files.writeString(other.resolve("config.json"), "{\"task\": \"speech-digits\"}");
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> ModelQuantizer.quantize(other, dir.resolve("t8"), null));
        assertTrue(task.getMessage().contains("\"speech-digits\" cannot be quantized"), task.getMessage());

        Path kept = dir.resolve("kept");
        ModelQuantizer.quantize(floatFolder, kept, "embedding\\.weight");
        assertEquals("F32", SafeTensors.read(kept.resolve("weights.safetensors")).storedDtype("embedding.weight"));
        assertEquals("I8", SafeTensors.read(kept.resolve("weights.safetensors")).storedDtype("fc.weight"));
        assertInstanceOf(ClassifierPredictor.class, Predictors.load(kept));
    }

    @Test
    void corruptInt8FilesFailToLoadNamingTheFileAndTensor() throws IOException {
        SafeTensorsFile good = SafeTensors.read(int8Folder.resolve("weights.safetensors"));
        Set<String> int8 = new LinkedHashSet<>();
        for (String name : good.tensors().keySet()) {
            if ("I8".equals(good.storedDtype(name))) {
                int8.add(name);
            }
        }
        Map<String, Tensor> noScale = new LinkedHashMap<>(good.tensors());
        noScale.remove("fc.weight.scale");
        assertLoadFails(noScale, int8, "weights.safetensors", "int8 tensor 'fc.weight' has no scales");

        Set<String> asFloat = new LinkedHashSet<>(int8);
        asFloat.remove("rnn.weight_hh_l0");
        assertLoadFails(good.tensors(), asFloat, "weights.safetensors",
                "'rnn.weight_hh_l0' is stored as F32 but has scales");

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(good.tensors());
        wrongShape.put("fc.weight.scale", Tensor.of(new float[] {1f}, 1));
        assertLoadFails(wrongShape, int8, "weights.safetensors", "'fc.weight.scale': expected shape (2)");
    }

    private static void assertLoadFails(Map<String, Tensor> tensors, Set<String> int8, String file, String message)
            throws IOException {
        Path broken = dir.resolve("broken-" + message.hashCode());
        ModelQuantizer.quantize(floatFolder, broken, null);
        SafeTensors.write(broken.resolve(file), tensors, SafeTensors.read(broken.resolve(file)).metadata(), int8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Predictors.load(broken));
        assertTrue(e.getMessage().contains(file) && e.getMessage().contains(message), e.getMessage());
    }
}
