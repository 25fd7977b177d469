package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.quantize.ModelQuantizer;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target of int8 model files: a quantized classifier folder's {@code weights.safetensors}, whose weight
 * matrices are {@code I8} tensors with their {@code NAME.scale} ({@code F32}) companions, read by
 * {@link ClassifierFiles#load(Path)} as {@code Predictors.load} reads an int8 classifier folder (safetensors, then
 * {@code QuantizedWeights.read}, {@code loadStateDict} and {@code QuantizedWeights.attach}).
 *
 * <p>Once per JVM an untrained classifier (vocabulary {@code <pad> <unk> good bad}, labels {@code neg pos}, LSTM,
 * embedding 4, hidden 4, one layer) is saved and quantized with {@link ModelQuantizer}; its {@code config.json},
 * {@code vocab.json} and {@code labels.json} stay. An input's bytes before its first NUL byte are the file's JSON
 * header, the rest its tensor data (an input without NUL is a header without data); the file is the 8-byte
 * little-endian header length, the header and the data, so the fuzzer mutates the header's names, dtypes, shapes
 * and offsets and the int8 values and scales rather than the length prefix (the safetensors reader's own target
 * fuzzes that). Any input either loads, and then predicts one of the folder's labels with a probability for each,
 * or raises a {@link ModelFolderException} with a message. Any other exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/classify/QuantizedWeightsFuzzTestInputs/loadsOrFailsClearly/}; RELIABILITY.md
 * gives the command that fuzzes it for a given time.
 */
class QuantizedWeightsFuzzTest {

    /** The int8 classifier folder whose {@code weights.safetensors} is rewritten for every input. */
    private static final Path FOLDER = newQuantizedFolder();
    private static final Path WEIGHTS = FOLDER.resolve(ModelFolder.WEIGHTS);

    private static Path newQuantizedFolder() {
        try {
            Path root = Files.createTempDirectory("quantized-weights-fuzz");
            ClassifierConfig config = ClassifierConfig.defaults().toBuilder().embeddingDim(4).hiddenSize(4)
                    .numLayers(1).ngramOrder(0).ensembleSize(1).seed(1).build();
            Vocabulary vocabulary = Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "good", "bad"));
            LabelSet labels = LabelSet.of(List.of("neg", "pos"));
            SequenceClassifier network = new SequenceClassifier(EnsembleTraining.modelConfig(config,
                    vocabulary.size(), labels.size()), new Rng(1));
            Path floats = root.resolve("float");
            ClassifierFiles.save(floats, new ClassifierPredictor(config, vocabulary, labels, List.of(network), null,
                    1.0), null);
            Path int8 = root.resolve("int8");
            ModelQuantizer.quantize(floats, int8, null);
            for (Path folder : List.of(root, floats, int8)) {
                folder.toFile().deleteOnExit();
            }
            for (Path folder : List.of(floats, int8)) {
                try (var files = Files.list(folder)) {
                    files.forEach(f -> f.toFile().deleteOnExit());
                }
            }
            return int8;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) throws IOException {
        Files.write(WEIGHTS, safetensors(input));
        ClassifierPredictor loaded;
        try {
            loaded = ClassifierFiles.load(FOLDER);
        } catch (ModelFolderException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a ModelFolderException without a message");
            return;
        }
        Prediction prediction = loaded.predict("good bad good");
        assertTrue(loaded.labels().labels().contains(prediction.label()), "predicted label " + prediction.label());
        assertEquals(loaded.labels().labels().size(), prediction.probabilities().size(), "one probability per label");
    }

    /** The 8-byte little-endian length of the bytes before the first NUL, those bytes, then the rest. */
    static byte[] safetensors(byte[] input) {
        int nul = 0;
        while (nul < input.length && input[nul] != 0) {
            nul++;
        }
        int dataLength = Math.max(0, input.length - nul - 1);
        ByteBuffer file = ByteBuffer.allocate(8 + nul + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(nul).put(input, 0, nul);
        if (dataLength > 0) {
            file.put(input, nul + 1, dataLength);
        }
        return file.array();
    }
}
