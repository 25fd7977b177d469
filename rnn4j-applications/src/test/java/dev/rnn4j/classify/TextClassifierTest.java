package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.metrics.MetricsReport;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.text.ReadOptions;
import dev.rnn4j.text.TextDatasets;
import dev.rnn4j.text.WordTokenizer;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier API on small data made in the test: training, prediction, saving, loading, bad folders. */
class TextClassifierTest {

    /** A small, fast model, one network (ensembles: EnsembleTest); the task below is easy enough for it. */
    static final ClassifierConfig SMALL = ClassifierConfig.defaults().toBuilder()
            .embeddingDim(16).hiddenSize(12).dropout(0.1).embeddingDropout(0.1).minFrequency(1)
            .epochs(8).patience(0).batchSize(8).learningRate(0.01).seed(3).ngramOrder(0).ensembleSize(1).build();

    static final String[] POSITIVE = {"good", "great", "fine", "superb", "lovely"};
    static final String[] NEGATIVE = {"bad", "awful", "dull", "poor", "boring"};
    static final String[] FILLER = {"the", "film", "was", "a", "movie", "plot", "story", "and", "it", "really"};

    @TempDir
    static Path shared;

    static TextClassifier trained;
    static List<LabeledText> devSet;

    /** Sentences of filler words with one or two sentiment words; the label follows the sentiment words. */
    static List<LabeledText> sentences(int n, long seed) {
        Random random = new Random(seed);
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = random.nextBoolean();
            String[] cue = positive ? POSITIVE : NEGATIVE;
            List<String> words = new ArrayList<>();
            int length = 3 + random.nextInt(6);
            for (int j = 0; j < length; j++) {
                words.add(FILLER[random.nextInt(FILLER.length)]);
            }
            words.add(random.nextInt(words.size() + 1), cue[random.nextInt(cue.length)]);
            out.add(new LabeledText(String.join(" ", words), positive ? "pos" : "neg"));
        }
        return out;
    }

    @BeforeAll
    static void train() {
        devSet = sentences(40, 2);
        trained = TextClassifier.train(sentences(160, 1), devSet, SMALL);
    }

    @Test
    void learnsAnEasyTaskAndKeepsTheBestEpoch() {
        MetricsReport report = trained.evaluate(devSet);
        assertTrue(report.accuracy() >= 0.9, "devSet accuracy " + report.accuracy());
        TrainingSummary summary = trained.summary();
        assertEquals(8, summary.epochs().size());
        double best = summary.epochs().stream().mapToDouble(EpochResult::devAccuracy).max().orElseThrow();
        assertEquals(best, summary.bestDevAccuracy());
        // the kept parameters are those of the best epoch, so they score its devSet accuracy again
        assertEquals(best, report.accuracy(), 1e-12);
        assertEquals(List.of("neg", "pos"), report.labels());
    }

    @Test
    void predictsWithProbabilities() {
        Prediction p = trained.predict("the movie was superb");
        assertEquals("pos", p.label());
        assertEquals(Set.of("neg", "pos"), p.probabilities().keySet());
        assertEquals(1.0, p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-5);
        assertEquals("neg", trained.predict("an awful film").label());
        // unknown words map to <unk> and still give a prediction
        assertEquals(2, trained.predict("zyzzyva qwerty").probabilities().size());
    }

    @Test
    void predictRejectsEmptyText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trained.predict("   "));
        assertTrue(e.getMessage().contains("empty text"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trained.predict(null));
    }

    @Test
    void savesAndLoadsTheSameModel(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        trained.save(folder);
        for (String name : List.of("config.json", "vocab.json", "labels.json", "weights.safetensors")) {
            assertTrue(Files.isRegularFile(folder.resolve(name)), name);
        }
        Set<String> names = SafeTensors.read(folder.resolve("weights.safetensors")).tensors().keySet();
        assertTrue(names.containsAll(List.of("embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0_reverse",
                "rnn.bias_ih_l0", "fc.weight", "fc.bias")), names.toString());
        TextClassifier loaded = TextClassifier.load(folder);
        assertEquals(trained.config(), loaded.config());
        assertEquals(trained.vocabulary(), loaded.vocabulary());
        List<String> texts = List.of("the film was lovely", "a boring plot", "movie");
        List<Prediction> a = trained.predictAll(texts);
        List<Prediction> b = loaded.predictAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(a.get(i), b.get(i));
        }
        assertEquals(trained.evaluate(devSet).accuracy(), loaded.evaluate(devSet).accuracy());
    }

    @Test
    void multiClassWithGruAndAttention() {
        List<LabeledText> train = new ArrayList<>();
        String[][] cues = {{"red", "crimson"}, {"green", "lime"}, {"blue", "navy"}};
        Random random = new Random(5);
        for (int i = 0; i < 150; i++) {
            int c = i % 3;
            train.add(new LabeledText(FILLER[random.nextInt(FILLER.length)] + " " + cues[c][random.nextInt(2)] + " "
                    + FILLER[random.nextInt(FILLER.length)], "c" + c));
        }
        ClassifierConfig config = SMALL.toBuilder().cell(CellType.GRU).pooling(Pooling.ATTENTION).build();
        TextClassifier classifier = TextClassifier.train(train.subList(0, 120), train.subList(120, 150), config);
        MetricsReport report = classifier.evaluate(train.subList(120, 150));
        assertEquals(List.of("c0", "c1", "c2"), report.labels());
        assertEquals("macro", report.averaging());
        assertTrue(report.accuracy() >= 0.9, "accuracy " + report.accuracy());
        assertEquals("c2", classifier.predict("the navy film").label());
    }

    @Test
    void crossValidationScoresEveryExampleOnce() {
        List<LabeledText> data = sentences(150, 4);
        CrossValidation.Result result = CrossValidation.run(data, 3, 0.2, SMALL, null,
                null);
        assertEquals(3, result.folds().size());
        assertEquals(150, result.folds().stream().mapToLong(r -> r.confusionMatrix().total()).sum());
        double mean = (result.accuracies()[0] + result.accuracies()[1] + result.accuracies()[2]) / 3;
        assertEquals(mean, result.meanAccuracy(), 1e-12);
        assertTrue(result.meanAccuracy() >= 0.8, "mean accuracy " + result.meanAccuracy());
        assertTrue(result.stdAccuracy() >= 0 && result.stdAccuracy() < 0.2, "std " + result.stdAccuracy());
    }

    @Test
    void rejectsDevLabelsUnseenInTraining() {
        List<LabeledText> devWithNew = List.of(new LabeledText("good film", "neutral"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextClassifier.train(sentences(10, 1), devWithNew, SMALL));
        assertTrue(e.getMessage().contains("unknown label \"neutral\""), e.getMessage());
    }

    @Test
    void evaluateNamesFileAndLineOfAnUnknownLabel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("test.txt");
        Files.writeString(file, "pos a good film\nmaybe a film\n");
        // read without a fixed label set, so the classifier itself must catch the label
        List<LabeledText> data = TextDatasets.read(file, ReadOptions.defaults());
        DataFormatException e = assertThrows(DataFormatException.class, () -> trained.evaluate(data));
        assertTrue(e.getMessage().startsWith(file + ":2: unknown label \"maybe\""), e.getMessage());
    }

    @Test
    void trainingDataWithoutTokensIsAnError() {
        List<LabeledText> train = new ArrayList<>(sentences(10, 1));
        train.add(new LabeledText("\u200B", "pos", Path.of("data.txt"), 11));
        if (new WordTokenizer().tokenize("\u200B").isEmpty()) {
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> TextClassifier.train(train, devSet, SMALL));
            assertTrue(e.getMessage().startsWith("data.txt:11: empty text"), e.getMessage());
        }
        List<LabeledText> withBlank = new ArrayList<>(sentences(10, 1));
        withBlank.add(new LabeledText("   ", "pos"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextClassifier.train(withBlank, devSet, SMALL));
        assertTrue(e.getMessage().contains("empty text"), e.getMessage());
    }

    // ------------------------------------------------------------------ bad model folders

    private static Path savedCopy(Path dir) {
        Path folder = dir.resolve("model");
        trained.save(folder);
        return folder;
    }

    @Test
    void loadMissingFolder(@TempDir Path dir) {
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(dir.resolve("x")));
        assertTrue(e.getMessage().contains("model folder not found"), e.getMessage());
    }

    @Test
    void loadMissingVocabulary(@TempDir Path dir) throws IOException {
        Path folder = savedCopy(dir);
        Files.delete(folder.resolve("vocab.json"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().startsWith(folder.resolve("vocab.json") + ": missing"), e.getMessage());
    }

    @Test
    void loadMissingConfig(@TempDir Path dir) throws IOException {
        Path folder = savedCopy(dir);
        Files.delete(folder.resolve("config.json"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().startsWith(folder.resolve("config.json") + ": missing"), e.getMessage());
        assertTrue(e.getMessage().contains("weights.safetensors"), "lists what the folder holds: " + e.getMessage());
    }

    @Test
    void loadFolderOfAnotherTask(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("forecaster");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), "{\"task\": \"forecast\", \"hidden_size\": 32}");
        SafeTensors.write(folder.resolve("weights.safetensors"), Map.of("rnn.weight_ih_l0",
                Tensor.zeros(4, 1)), Map.of("task", "forecast"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().startsWith(folder.resolve("config.json") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("another task") && e.getMessage().contains("\"forecast\""), e.getMessage());

        Files.writeString(folder.resolve("config.json"), "{\"hidden_size\": 32}");
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("not a text classifier"), e.getMessage());
    }

    @Test
    void loadChecksConfigKeys(@TempDir Path dir) throws IOException {
        Path folder = savedCopy(dir);
        Path config = folder.resolve("config.json");
        String original = Files.readString(config);

        Files.writeString(config, original.replaceFirst("\\{", "{\"colour\": \"red\","));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("unknown config keys [colour]"), e.getMessage());

        Files.writeString(config, original.replaceFirst("\"hidden_size\" : \\d+,", ""));
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("missing config keys [hidden_size]"), e.getMessage());

        Files.writeString(config, original.replaceFirst("\"hidden_size\" : \\d+", "\"hidden_size\" : \"big\""));
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("hidden_size: expected an integer"), e.getMessage());

        Files.writeString(config, original.replaceFirst("\"hidden_size\" : \\d+", "\"hidden_size\" : 7"));
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("weights do not fit config.json"), e.getMessage());

        Files.writeString(config, "{ not json", StandardCharsets.UTF_8);
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void loadRefusesAConfigTooLargeForItsWeightsBeforeBuildingTheNetwork(@TempDir Path dir) throws IOException {
        Path folder = savedCopy(dir);
        Path config = folder.resolve("config.json");
        String original = Files.readString(config);
        // an LSTM weight_hh_l0 of (4 * 23170, 23170): about 2^31 floats, 8 GiB, from a file of a few kilobytes
        Files.writeString(config, original.replaceFirst("\"hidden_size\" : \\d+", "\"hidden_size\" : 23170"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().startsWith(folder.resolve("weights.safetensors") + ": weights do not fit config.json")
                && e.getMessage().contains("hidden_size 23170") && e.getMessage().contains("the file holds"),
                e.getMessage());

        Files.writeString(config, original.replaceFirst("\"embedding_dim\" : \\d+",
                "\"embedding_dim\" : 2147483647"));
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("embedding_dim 2147483647"), e.getMessage());
    }

    @Test
    void ngramExpertIsFittedSavedAndLoaded(@TempDir Path dir) throws IOException {
        TextClassifier withNgrams = TextClassifier.train(sentences(160, 1), devSet,
                SMALL.toBuilder().epochs(3).ngramOrder(2).build());
        NgramNaiveBayes expert = withNgrams.ngramExpert();
        assertNotNull(expert);
        assertEquals(2, expert.order());
        assertTrue(Arrays.stream(NgramMixing.NGRAM_WEIGHTS).anyMatch(w -> w == expert.weight()),
                "weight " + expert.weight());
        // the table counts the training texts only
        assertNull(expert.logProbabilities("zyzzyva"));
        assertNotNull(expert.logProbabilities("superb"));
        Path folder = dir.resolve("model");
        withNgrams.save(folder);
        assertTrue(Files.isRegularFile(folder.resolve("ngrams.tsv")));
        TextClassifier loaded = TextClassifier.load(folder);
        assertEquals(expert.weight(), loaded.ngramExpert().weight());
        List<String> texts = List.of("the film was lovely", "a boring plot", "zyzzyva");
        assertEquals(withNgrams.predictAll(texts), loaded.predictAll(texts));

        Files.delete(folder.resolve("ngrams.tsv"));
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("ngrams.tsv") && e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(folder.resolve("ngrams.tsv"), "#rnn4j-ngram-naive-bayes order=3 classes=2 weight=1 features=0\n");
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("config.json says ngram_order 2"), e.getMessage());
        Files.writeString(folder.resolve("ngrams.tsv"), "garbage\n");
        e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("n-gram table cannot be loaded"), e.getMessage());
    }

    @Test
    void withAnNgramExpertEachEpochIsJudgedAsTheCombinedModel() {
        // one label in four flipped, so that network and network + table disagree on dev
        List<LabeledText> noisyTrain = new ArrayList<>();
        List<LabeledText> clean = sentences(160, 5);
        for (int i = 0; i < clean.size(); i++) {
            LabeledText t = clean.get(i);
            String label = i % 4 == 0 ? (t.label().equals("pos") ? "neg" : "pos") : t.label();
            noisyTrain.add(new LabeledText(t.text(), label));
        }
        List<LabeledText> dev = sentences(60, 6);
        TextClassifier c = TextClassifier.train(noisyTrain, dev,
                SMALL.toBuilder().epochs(4).hiddenSize(4).embeddingDim(4).ngramOrder(2).build());
        // measured before the dev texts joined the n-gram table (evaluate(dev) afterwards would be in-sample)
        double combined = c.devMetrics().accuracy();
        // the kept epoch's recorded dev accuracy is the accuracy of the model as chosen
        assertEquals(combined, c.summary().bestDevAccuracy(), 1e-12);
        for (EpochResult e : c.summary().epochs()) {
            assertTrue(e.devAccuracy() <= combined + 1e-12, e.toString());
        }
    }

    @Test
    void probabilitiesAreTheSoftmaxOfLogitsPlusWeightedNgramScores() {
        TextClassifier withNgrams = TextClassifier.train(sentences(160, 1), devSet,
                SMALL.toBuilder().epochs(3).ngramOrder(2).build());
        NgramNaiveBayes expert = withNgrams.ngramExpert();
        assertTrue(expert.weight() > 0, "on this easy task every weight ties and the tie goes to 0.5");
        String text = "the plot was superb and lovely";
        List<String> tokens = new WordTokenizer(true, true).tokenize(text);
        int[] ids = withNgrams.vocabulary().encode(tokens);
        float[] logits;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            logits = withNgrams.model().forward(ids, 1, ids.length, new int[] {ids.length}).toFloatArray();
        }
        double[] scores = expert.scores(tokens);
        double a = logits[0] + expert.weight() * scores[0];
        double b = logits[1] + expert.weight() * scores[1];
        double expectedPos = 1 / (1 + Math.exp(a - b));
        assertEquals(expectedPos, withNgrams.predict(text).probabilities().get("pos"), 1e-5);
    }

    @Test
    void foldersWithoutNgramOrderLoadAsTheNetworkAlone(@TempDir Path dir) throws IOException {
        Path folder = savedCopy(dir);
        Path config = folder.resolve("config.json");
        String original = Files.readString(config);
        // folders of that time had none of the n-gram keys
        Files.writeString(config, original.replaceFirst(",\\s*\"ngram_order\" : \\d+", "")
                .replaceFirst(",\\s*\"char_ngram_order\" : \\d+", "")
                .replaceFirst(",\\s*\"ngram_smoothing\" : [0-9.]+", "")
                .replaceFirst(",\\s*\"average_neighbour_epochs\" : (true|false)", "")
                .replaceFirst(",\\s*\"count_dev_ngrams\" : (true|false)", ""));
        assertTrue(!Files.readString(config).contains("ngram") && !Files.readString(config).contains("average"),
                Files.readString(config));
        TextClassifier loaded = TextClassifier.load(folder);
        assertEquals(0, loaded.config().ngramOrder());
        assertNull(loaded.ngramExpert());
        assertTrue(!loaded.config().averageNeighbourEpochs());
    }

    @Test
    void configRejectsBadSettings() {
        IllegalArgumentException ngram = assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.defaults().toBuilder().ngramOrder(-1).build());
        assertTrue(ngram.getMessage().startsWith("ngramOrder: expected 0 (off) to 5"), ngram.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.defaults().toBuilder().dropout(1.5).build());
        assertTrue(e.getMessage().startsWith("dropout: expected a probability"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.defaults().toBuilder().hiddenSize(0).build());
        assertTrue(e.getMessage().startsWith("hiddenSize"), e.getMessage());
    }

    @Test
    void configRejectsBadCharacterOrderAndSmoothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.defaults().toBuilder().charNgramOrder(2).build());
        assertTrue(e.getMessage().startsWith("charNgramOrder: expected 0 (off) or 3 to 8, got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.defaults().toBuilder().ngramSmoothing(0).build());
        assertTrue(e.getMessage().startsWith("ngramSmoothing: expected a finite number > 0, got 0"), e.getMessage());
    }

    @Test
    void characterNgramExpertIsSavedAndLoadedAndOldFoldersStillLoad(@TempDir Path dir) throws IOException {
        TextClassifier withChars = TextClassifier.train(sentences(160, 1), devSet,
                SMALL.toBuilder().epochs(2).ngramOrder(2).charNgramOrder(4).ngramSmoothing(0.5).build());
        assertEquals(4, withChars.ngramExpert().charOrder());
        assertNotNull(withChars.ngramExpert().logProbabilities(" <sup"));
        Path folder = dir.resolve("chars");
        withChars.save(folder);
        TextClassifier loaded = TextClassifier.load(folder);
        assertEquals(4, loaded.config().charNgramOrder());
        assertEquals(0.5, loaded.config().ngramSmoothing());
        List<String> texts = List.of("the film was lovelier", "a boring plot", "zyzzyva");
        assertEquals(withChars.predictAll(texts), loaded.predictAll(texts));
        // a table that disagrees with config.json about the character n-grams is refused
        Path ngrams = folder.resolve("ngrams.tsv");
        List<String> lines = Files.readAllLines(ngrams);
        lines.set(0, lines.get(0).replace(" chars=4", " chars=5"));
        Files.write(ngrams, lines);
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> TextClassifier.load(folder));
        assertTrue(e.getMessage().contains("character order 5") && e.getMessage().contains("char_ngram_order 4"),
                e.getMessage());

        // a folder written before the character n-grams: no char_ngram_order / ngram_smoothing, no chars=
        TextClassifier wordsOnly = TextClassifier.train(sentences(160, 1), devSet,
                SMALL.toBuilder().epochs(2).ngramOrder(2).charNgramOrder(0).build());
        Path old = dir.resolve("old");
        wordsOnly.save(old);
        Path config = old.resolve("config.json");
        Files.writeString(config, Files.readString(config)
                .replaceFirst(",\\s*\"char_ngram_order\" : \\d+", "")
                .replaceFirst(",\\s*\"ngram_smoothing\" : [0-9.]+", ""));
        assertTrue(!Files.readString(config).contains("char_ngram") && !Files.readString(config).contains("smoothing"),
                Files.readString(config));
        assertTrue(!Files.readAllLines(old.resolve("ngrams.tsv")).get(0).contains("chars="));
        TextClassifier oldLoaded = TextClassifier.load(old);
        assertEquals(0, oldLoaded.config().charNgramOrder());
        assertEquals(1.0, oldLoaded.config().ngramSmoothing());
        assertEquals(wordsOnly.predictAll(texts), oldLoaded.predictAll(texts));
    }

    @Test
    void averagingNeighbourEpochsKeepsAMeanOnlyWhenItScoresHigherOnDev() {
        List<LabeledText> train = sentences(160, 7);
        List<LabeledText> dev = sentences(60, 8);
        ClassifierConfig base = SMALL.toBuilder().epochs(4).hiddenSize(4).embeddingDim(4).learningRate(0.003)
                .ngramOrder(2).build();
        TextClassifier plain = TextClassifier.train(train, dev, base.toBuilder().averageNeighbourEpochs(false).build());
        TextClassifier averaged = TextClassifier.train(train, dev, base.toBuilder().averageNeighbourEpochs(true).build());
        // the same run up to the choice: same best epoch and per-epoch dev accuracies
        assertEquals(plain.summary().bestEpoch(), averaged.summary().bestEpoch());
        assertEquals(plain.summary().epochs().stream().map(EpochResult::devAccuracy).toList(),
                averaged.summary().epochs().stream().map(EpochResult::devAccuracy).toList());
        double bestEpochDev = plain.summary().bestDevAccuracy();
        assertEquals(bestEpochDev, plain.devMetrics().accuracy(), 1e-12);
        // the kept parameters score at least as well as the best epoch's, and the summary says how well
        assertTrue(averaged.summary().bestDevAccuracy() >= bestEpochDev,
                averaged.summary().bestDevAccuracy() + " < " + bestEpochDev);
        assertEquals(averaged.summary().bestDevAccuracy(), averaged.devMetrics().accuracy(), 1e-12);
    }
}
