package dev.rnn4j.translate;

import dev.rnn4j.classify.ModelFolderException;
import dev.rnn4j.decode.DecodeSettings;
import dev.rnn4j.decode.GreedySearch;
import dev.rnn4j.decode.Hypothesis;
import dev.rnn4j.models.seq2seq.DecoderState;
import dev.rnn4j.predict.ConcurrencyCheck;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny translator trained on 150 real Multi30k pairs (validated on 50 more): its model folder round trip,
 * the predictor interface and its thread safety, the search settings, and the bad inputs of translation.
 */
class TranslatorTest {

    @TempDir
    static Path dir;
    static TranslationModel model;
    static List<String> sources;

    static TranslationOptions tinyOptions(int epochs) {
        return new TranslationOptions(120, true, 150, 16, 16, 24, CellType.GRU, 0.1, 0.1, 400, 5e-3, 0.5, 1.0, epochs,
                2, true, 0, 7);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(TranslatorTest.class.getResource("/translation/multi30k/" + name).toURI());
    }

    /** The first {@code count} lines after {@code skip} of the 200 test pairs, as files in {@code folder}. */
    static ParallelCorpus pairs(Path folder, String name, int skip, int count) throws Exception {
        Path de = folder.resolve(name + ".de");
        Path en = folder.resolve(name + ".en");
        Files.write(de, Files.readAllLines(resource("val.de")).subList(skip, skip + count));
        Files.write(en, Files.readAllLines(resource("val.en")).subList(skip, skip + count));
        return ParallelCorpusReader.read(de, en);
    }

    @BeforeAll
    static void trainATinyModel() throws Exception {
        ParallelCorpus train = pairs(dir, "train", 0, 150);
        ParallelCorpus dev = pairs(dir, "dev", 150, 50);
        model = TranslationTraining.train(train, dev, tinyOptions(3),
                new TranslationTraining.Run(dir.resolve("run"), false, true, null));
        sources = new ArrayList<>();
        for (SentencePair p : dev.pairs().subList(0, 10)) {
            sources.add(p.source());
        }
    }

    @Test
    void theSavedFolderLoadsThroughThePredictorInterfaceAndTranslatesTheSame() throws IOException {
        Path folder = dir.resolve("model");
        model.save(folder);
        assertTrue(Files.exists(folder.resolve("weights.safetensors")));
        assertTrue(Files.exists(folder.resolve("bpe.json")));
        Predictor<?, ?> loaded = Predictors.load(folder);
        Translator translator = assertInstanceOf(Translator.class, loaded);
        assertEquals("translation", translator.describe().task());
        Translator original = Translator.of(model);
        assertEquals(original.predictBatch(sources), translator.predictBatch(sources));
        assertEquals(model.network().stateDict().keySet(), translator.model().network().stateDict().keySet());
        assertTrue(model.network().stateDict().containsKey("encoder.rnn.weight_ih_l0_reverse"));
    }

    @Test
    void aTranslationHasItsNBestListAndAnAttentionMatrixOverTheSubwords() {
        Translation t = Translator.of(model).withSearch(4, 3).predict(sources.get(0));
        assertEquals(3, t.candidates().size());
        for (int i = 1; i < 3; i++) {
            assertTrue(t.candidates().get(i - 1).score() >= t.candidates().get(i).score(), t.candidates().toString());
        }
        assertEquals(SubwordVocabulary.EOS, t.sourceTokens().get(t.sourceTokens().size() - 1));
        assertEquals(SubwordVocabulary.EOS, t.targetTokens().get(t.targetTokens().size() - 1));
        assertEquals(t.targetTokens().size(), t.attention().length);
        for (float[] row : t.attention()) {
            assertEquals(t.sourceTokens().size(), row.length);
            double sum = 0;
            for (float w : row) {
                sum += w;
            }
            assertEquals(1.0, sum, 1e-4);
        }
        assertEquals(model.targetVocabulary().tokenizer().decode(t.targetTokens().subList(0,
                t.targetTokens().size() - 1)), t.text());
    }

    @Test
    void batchedTranslationsMatchOneByOneAndBeamNeverScoresBelowGreedy() {
        Translator greedy = Translator.of(model).withSearch(1, 1);
        Translator beam = Translator.of(model).withSearch(5, 1).withLengthPenalty(0);
        List<Translation> batch = greedy.predictBatch(sources);
        List<Translation> beams = beam.predictBatch(sources);
        for (int i = 0; i < sources.size(); i++) {
            Translation one = greedy.predict(sources.get(i));
            assertEquals(one.text(), batch.get(i).text());
            assertEquals(one.candidates().get(0).logProbability(), batch.get(i).candidates().get(0).logProbability(),
                    1e-4);
            assertTrue(beams.get(i).candidates().get(0).logProbability()
                    >= batch.get(i).candidates().get(0).logProbability() - 1e-5, sources.get(i));
        }
    }

    @Test
    void theAdapterGivesTheTokensOfTheModelsOwnGreedyDecoding() {
        int[] ids = model.sourceVocabulary().encode(sources.get(1));
        int[] src = Arrays.copyOf(ids, ids.length + 1);
        src[ids.length] = SubwordVocabulary.EOS_ID;
        int[] lengths = {src.length};
        DecodeSettings settings = new DecodeSettings(SubwordVocabulary.SOS_ID, SubwordVocabulary.EOS_ID, 0, 30,
                new int[0]);
        Seq2SeqStepDecoder decoder = new Seq2SeqStepDecoder(model.network());
        Hypothesis h;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            DecoderState start = decoder.start(src, lengths);
            h = new GreedySearch(settings).search(decoder, start, lengths).get(0);
        }
        int[] expected = model.network().greedy(src, lengths, 30, true)[0];
        assertArrayEquals(expected, h.tokens());
    }

    @Test
    void concurrentTranslationsGiveTheSequentialResults() {
        ConcurrencyCheck.of(Translator.of(model).withSearch(3, 2), sources, Translation::equals).threads(4).rounds(2)
                .run().assertNoDifference();
    }

    @Test
    void badSentencesAndSettingsAreClearErrors() {
        Translator translator = Translator.of(model);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> translator.predict("   ")).getMessage()
                .contains("empty"));
        String tooLong = String.join(" ", java.util.Collections.nCopies(200, "Hund"));
        String message = assertThrows(IllegalArgumentException.class, () -> translator.predict(tooLong)).getMessage();
        assertTrue(message.contains("more than the model's maximum of 150"), message);
        assertEquals(1, translator.withLongSentences(LongSentencePolicy.TRUNCATE).predict(tooLong).candidates().size());
        message = assertThrows(IllegalArgumentException.class,
                () -> translator.predictBatch(List.of(sources.get(0), ""))).getMessage();
        assertTrue(message.startsWith("sentence 1"), message);
        message = assertThrows(IllegalArgumentException.class, () -> translator.withSearch(0, 1)).getMessage();
        assertTrue(message.contains("beam: expected at least 1"), message);
        message = assertThrows(IllegalArgumentException.class, () -> translator.withSearch(2, 3)).getMessage();
        assertTrue(message.contains("nbest"), message);
    }

    @Test
    void aConfigTooLargeForItsWeightsIsRefusedBeforeTheNetworkIsBuilt() throws IOException {
        Path folder = dir.resolve("too-large");
        model.save(folder);
        Path config = folder.resolve("config.json");
        // an encoder weight_hh_l0 of (4 * 23170, 23170) is about 2^31 floats, 8 GiB, claimed by a file of kilobytes
        Files.writeString(config, Files.readString(config)
                .replaceFirst("\"encoder_hidden\" : \\d+", "\"encoder_hidden\" : 23170"));
        String message = assertThrows(ModelFolderException.class, () -> Translator.load(folder)).getMessage();
        assertTrue(message.contains("inconsistent model: weights.safetensors holds")
                && message.contains("encoder_hidden 23170"), message);
    }

    @Test
    void anUnknownCellOrAttentionNamesTheFieldAndTheChoices() throws IOException {
        Path folder = dir.resolve("bad-enum");
        model.save(folder);
        Path config = folder.resolve("config.json");
        String saved = Files.readString(config);
        Files.writeString(config, saved.replaceFirst("\"decoder_cell\" : \"[A-Z_]+\"", "\"decoder_cell\" : \"TRANSFORMER\""));
        String message = assertThrows(ModelFolderException.class, () -> Translator.load(folder)).getMessage();
        assertTrue(message.contains("config.json") && message.contains("model.decoder_cell is 'TRANSFORMER'")
                && message.contains("expected one of [") && message.contains("GRU"), message);
        Files.writeString(config, saved.replaceFirst("\"score\" : \"[A-Z_]+\"", "\"score\" : \"cosine\""));
        message = assertThrows(ModelFolderException.class, () -> Translator.load(folder)).getMessage();
        assertTrue(message.contains("model.score is 'cosine'"), message);
    }

    /** The fuzz input {@code TranslatorFolderFuzzTestInputs/loadsOrFailsClearly/crash-config-not-utf8}. */
    @Test
    void aConfigThatIsNotUtf8IsAClearError() throws IOException {
        Path folder = dir.resolve("not-utf8");
        model.save(folder);
        Files.write(folder.resolve("config.json"), new byte[] {'{', '"', 't', (byte) 0xff, '"', '}'});
        String message = assertThrows(ModelFolderException.class, () -> Translator.load(folder)).getMessage();
        assertTrue(message.contains("config.json") && message.contains("not UTF-8 text"), message);
    }

    @Test
    void aFolderOfAnotherApplicationIsAClearError() throws IOException {
        Path other = dir.resolve("forecaster");
        Files.createDirectories(other);
        Files.writeString(other.resolve("config.json"), "{\"task\": \"forecast\", \"format\": 1}");
        String message = assertThrows(ModelFolderException.class, () -> Translator.load(other)).getMessage();
        assertTrue(message.contains("task 'forecast', not a translation model"), message);
        message = assertThrows(ModelFolderException.class, () -> Translator.load(dir.resolve("missing")))
                .getMessage();
        assertTrue(message.contains("not found"), message);
    }
}
