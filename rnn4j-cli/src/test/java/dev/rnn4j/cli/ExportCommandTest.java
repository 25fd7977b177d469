package dev.rnn4j.cli;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.forecast.ForecastData;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastOptions;
import dev.rnn4j.lm.CharVocabulary;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelConfig;
import dev.rnn4j.lm.LanguageModelTraining;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.SyntheticSeries;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.NodeProto;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.bpe.BpeLearner;
import dev.rnn4j.translate.SentencePair;
import dev.rnn4j.translate.SubwordModels;
import dev.rnn4j.translate.ParallelCorpus;
import dev.rnn4j.translate.TranslationModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j export} end to end on tiny saved models of every kind it supports (classifier,
 * forecaster, language model, translator), and each bad-input error.
 */
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
    void writesAForecasterWithItsWindowInputAndForecastOutput(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("Month,Value\n");
        double[] y = SyntheticSeries.sineWithTrend(80, 12, 50, 0.2, 10, 0.5, 3);
        for (int t = 0; t < y.length; t++) {
            csv.append(LocalDate.of(2000, 1, 1).plusMonths(t).toString(), 0, 7).append(',').append(y[t]).append('\n');
        }
        Path file = Files.writeString(dir.resolve("sine.csv"), csv);
        ForecastData data = new ForecastData("Value", "Month", null, List.of(), List.of(),
                MissingValuePolicy.FORWARD_FILL);
        ForecastOptions options = new ForecastOptions(3, 12, null, false, false, null, ForecastOptions.Strategy.DIRECT,
                CellType.GRU, 4, 2, 0.1, true, 1, 12, 1, 1, 16, 1e-2, 60, 7);
        Path folder = dir.resolve("forecaster");
        ForecastModel.train(data.read(file), data, options, 12, ForecastModel.TrainingRun.silent()).save(folder);

        Path onnx = dir.resolve("forecaster.onnx");
        String[] r = CliTest.run("export", "--model", folder.toString(), "--onnx", onnx.toString());
        assertEquals("0", r[0], r[2]);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals("window", model.getGraph().getInput(0).getName());
        assertEquals("forecast", model.getGraph().getOutput(0).getName());
        assertEquals(2, model.getGraph().getNodeList().stream().map(NodeProto::getOpType).filter("GRU"::equals)
                .count());
    }

    @Test
    void writesALanguageModelWithItsStatesAsInputsAndOutputs(@TempDir Path dir) throws Exception {
        String text = "the cat sees the moon.\na dog likes the river.\n".repeat(20);
        CharVocabulary vocabulary = CharVocabulary.of(text);
        LanguageModelConfig config = new LanguageModelConfig("LSTM", vocabulary.size(), 8, 8, 2, 0, 0, 0, true);
        Path folder = dir.resolve("lm");
        LanguageModel.train(vocabulary, text, text, config, new LanguageModelTraining(1, 1, 2, 16, false, 1e-2, 1, 1,
                0, 0, 0, null, false, true, null)).save(folder);

        Path onnx = dir.resolve("lm.onnx");
        String[] r = CliTest.run("export", "--model", folder.toString(), "--onnx", onnx.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("wrote ") && r[1].contains("language model"), r[1]);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(List.of("ids", "h0", "c0"), model.getGraph().getInputList().stream().map(v -> v.getName())
                .toList());
        assertEquals(List.of("logits", "hN", "cN"), model.getGraph().getOutputList().stream().map(v -> v.getName())
                .toList());
        assertEquals(2, model.getGraph().getNodeList().stream().map(NodeProto::getOpType).filter("LSTM"::equals)
                .count());
    }

    @Test
    void writesATranslatorAsAnEncoderFileAndADecoderStepFile(@TempDir Path dir) throws Exception {
        List<SentencePair> pairs = List.of(new SentencePair(1, "ein hund rennt", "a dog runs"),
                new SentencePair(2, "eine katze schläft", "a cat sleeps"));
        ParallelCorpus corpus = new ParallelCorpus(dir.resolve("train.de"), dir.resolve("train.en"), pairs,
                List.of());
        SubwordModels subwords = SubwordModels.learn(corpus, BpeLearner.builder().merges(10).build(), true);
        int vocabulary = subwords.sourceVocabulary().size();
        Seq2Seq network = new Seq2Seq(Seq2SeqConfig.bahdanau(vocabulary, vocabulary, 6, 5, 8), new Rng(1));
        Path folder = dir.resolve("translator");
        new TranslationModel(network, subwords, 20, null).save(folder);

        String[] r = CliTest.run("export", "--model", folder.toString(), "--onnx",
                dir.resolve("de-en.onnx").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("de-en.encoder.onnx") && r[1].contains("de-en.decoder.onnx"), r[1]);
        assertFalse(Files.exists(dir.resolve("de-en.onnx")));
        ModelProto encoder = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("de-en.encoder.onnx")));
        ModelProto decoder = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("de-en.decoder.onnx")));
        assertEquals(List.of("source_ids", "source_lengths"), encoder.getGraph().getInputList().stream()
                .map(v -> v.getName()).toList());
        assertTrue(decoder.getGraph().getOutputList().stream().map(v -> v.getName()).toList()
                .containsAll(List.of("log_probs", "attention", "next_hidden")));
        assertEquals(1, decoder.getGraph().getNodeList().stream().map(NodeProto::getOpType).filter("GRU"::equals)
                .count());
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
