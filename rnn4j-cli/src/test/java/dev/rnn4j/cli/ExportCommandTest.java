package dev.rnn4j.cli;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.NodeProto;
import dev.rnn4j.text.LabeledText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j export} end to end on a tiny saved classifier, and each bad-input error. */
class ExportCommandTest {

    @TempDir
    static Path shared;
    static Path plain;
    static Path withExpert;

    static List<LabeledText> texts(int n) {
        String[] words = {"good", "bad", "the", "film", "was", "plot"};
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = words[i % 6] + " " + words[(i * 5 + 1) % 6] + " " + words[(i / 6) % 6];
            out.add(new LabeledText(text, text.contains("good") ? "pos" : "neg"));
        }
        return out;
    }

    @BeforeAll
    static void trainAndSave() {
        ClassifierConfig config = ClassifierConfig.defaults().toBuilder().embeddingDim(4).hiddenSize(3)
                .minFrequency(1).epochs(1).batchSize(8).seed(1).ngramOrder(0).ensembleSize(1).build();
        plain = shared.resolve("plain");
        TextClassifier.train(texts(24), texts(8), config).save(plain);
        withExpert = shared.resolve("expert");
        TextClassifier.train(texts(24), texts(8), config.toBuilder().ngramOrder(1).build()).save(withExpert);
    }

    @Test
    void writesAnOnnxModelWithTheRecurrentOperators(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        String[] r = CliTest.run("export", "--model", plain.toString(), "--onnx", file.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("wrote ") && r[1].contains("LSTM"), r[1]);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertTrue(model.getGraph().getNodeList().stream().map(NodeProto::getOpType).anyMatch("LSTM"::equals));
    }

    @Test
    void aClassifierWithAnNgramExpertNeedsNetworksOnly(@TempDir Path dir) {
        Path file = dir.resolve("model.onnx");
        String[] r = CliTest.run("export", "--model", withExpert.toString(), "--onnx", file.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("n-gram expert") && r[2].contains("networks alone"), r[2]);
        assertFalse(Files.exists(file));
        r = CliTest.run("export", "--model", withExpert.toString(), "--onnx", file.toString(), "--networks-only");
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void anOutputInAMissingFolderIsAnError(@TempDir Path dir) {
        String[] r = CliTest.run("export", "--model", plain.toString(), "--onnx",
                dir.resolve("nowhere").resolve("model.onnx").toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("does not exist"), r[2]);
    }

    @Test
    void aFolderThatIsNotAModelIsAnError(@TempDir Path dir) {
        String[] r = CliTest.run("export", "--model", dir.toString(), "--onnx", dir.resolve("m.onnx").toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("not a model folder"), r[2]);
    }
}
