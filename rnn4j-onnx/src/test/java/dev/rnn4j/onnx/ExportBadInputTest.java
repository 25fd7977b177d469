package dev.rnn4j.onnx;

import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.quant.QuantizedRecurrent;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.Cells;
import dev.rnn4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What export refuses, and how it says so. */
class ExportBadInputTest {

    @TempDir
    Path dir;

    @Test
    void aLayerNormalisedCellIsRefusedNamingTheLayerAndTheCell() {
        RecurrentLayer layer = RecurrentLayer.of(Cells.forName("LSTM_LN"), new RecurrentLayer.Options(3, 4),
                new Rng(1));
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> RecurrentExport.checkSupported(layer, "rnn"));
        assertTrue(e.getMessage().contains("layer 'rnn'") && e.getMessage().contains("LSTM_LN"), e.getMessage());
    }

    @Test
    void anLstmWithAProjectionIsRefused() {
        RecurrentLayer layer = RecurrentLayer.of(CellType.LSTM, new RecurrentLayer.Options(3, 4).projSize(2),
                new Rng(1));
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> RecurrentExport.checkSupported(layer, "encoder"));
        assertTrue(e.getMessage().contains("layer 'encoder'") && e.getMessage().contains("projSize 2"),
                e.getMessage());
    }

    @Test
    void anInt8LayerIsRefusedNamingTheLayer() {
        RecurrentLayer layer = RecurrentLayer.of(CellType.LSTM, new RecurrentLayer.Options(3, 4), new Rng(1));
        RecurrentExport.checkSupported(layer, "rnn");
        layer.useInt8(QuantizedRecurrent.quantize(layer));
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> RecurrentExport.checkSupported(layer, "rnn"));
        assertTrue(e.getMessage().contains("layer 'rnn'") && e.getMessage().contains("int8"), e.getMessage());
    }

    @Test
    void anOutputInAMissingFolderIsRefusedBeforeAnythingIsWritten() {
        TextClassifier classifier = ClassifierOnnxTest.train(ClassifierOnnxTest.config(CellType.GRU, false, 1,
                Pooling.LAST, 0, 1));
        Path target = dir.resolve("missing").resolve("model.onnx");
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.exportClassifier(classifier, target, false));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void aFolderThatIsNotAModelIsRefused() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.export(empty, dir.resolve("model.onnx"), false));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("not a model folder"),
                e.getMessage());
    }

    @Test
    void aModelOfAnotherTaskIsRefusedNamingTheTask() throws Exception {
        Path other = Files.createDirectory(dir.resolve("qa"));
        Files.writeString(other.resolve("config.json"), "{\"task\": \"question-answering\"}");
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.export(other, dir.resolve("model.onnx"), false));
        assertTrue(e.getMessage().contains("\"question-answering\""), e.getMessage());
    }
}
