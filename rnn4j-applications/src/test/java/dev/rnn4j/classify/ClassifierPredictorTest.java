package dev.rnn4j.classify;

import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.text.LabeledText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classifier as a {@link Predictor}: its description, loading by task, and concurrent calls. */
class ClassifierPredictorTest {

    static TextClassifier trained;
    static List<String> texts;

    @BeforeAll
    static void train() {
        List<LabeledText> train = TextClassifierTest.sentences(160, 1);
        List<LabeledText> dev = TextClassifierTest.sentences(40, 2);
        trained = TextClassifier.train(train, dev, EnsembleTest.PAIR);
        texts = new ArrayList<>();
        for (LabeledText t : TextClassifierTest.sentences(120, 3)) {
            texts.add(t.text());
        }
    }

    @Test
    void describesItself() {
        ModelInfo info = trained.predictor().describe();
        assertEquals("text-classification", info.task());
        assertEquals(trained.labels().labels(), info.settings().get("labels"));
        assertEquals(2, info.settings().get("ensemble_size"));
        assertEquals(trained.vocabulary().size(), info.settings().get("vocab_size"));
        assertEquals(trained.temperature(), info.settings().get("temperature"));
        assertEquals(trained.ngramExpert().weight(), info.settings().get("ngram_weight"));
    }

    @Test
    void aPredictorIsAClassifierAgainWithTheSameNetworksAndSettings() {
        TextClassifier again = TextClassifier.of(trained.predictor());
        assertTrue(again.predictor() == trained.predictor(), "the same predictor");
        assertEquals(trained.members(), again.members());
        assertEquals(trained.config(), again.config());
        assertEquals(trained.temperature(), again.temperature());
        assertTrue(again.summary() == null && again.devMetrics() == null, "no training record, as when loaded");
        assertEquals(trained.predict(texts.get(0)), again.predict(texts.get(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextClassifier.of(null));
        assertTrue(e.getMessage().startsWith("predictor: expected"), e.getMessage());
    }

    @Test
    void theBatchPathAgreesWithOneByOne() {
        List<Prediction> batch = trained.predictor().predictBatch(texts);
        for (int i = 0; i < texts.size(); i++) {
            Prediction one = trained.predictor().predict(texts.get(i));
            assertEquals(one.label(), batch.get(i).label(), texts.get(i));
            for (String label : one.probabilities().keySet()) {
                assertEquals(one.probabilities().get(label), batch.get(i).probabilities().get(label), 1e-5);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trained.predictor().predictBatch(List.of("good", " ")));
        assertTrue(e.getMessage().contains("texts[1]"), e.getMessage());
    }

    @Test
    void predictorsLoadsTheSavedFolderAsAnEqualPredictor(@TempDir Path dir) {
        trained.save(dir);
        Predictor<?, ?> loaded = Predictors.load(dir);
        ClassifierPredictor classifier = assertInstanceOf(ClassifierPredictor.class, loaded);
        assertEquals(trained.predictor().describe(), classifier.describe());
        assertEquals(trained.predictor().predictBatch(texts), classifier.predictBatch(texts));
        assertEquals(trained.predictor().predict(texts.get(0)), classifier.predict(texts.get(0)));
    }

    /**
     * Six threads at once, each predicting every text one by one and then as a batch, get exactly
     * the sequential results.
     */
    @Test
    void concurrentCallsGetTheSequentialResults() throws Exception {
        ClassifierPredictor predictor = trained.predictor();
        List<Prediction> oneByOne = new ArrayList<>();
        for (String text : texts) {
            oneByOne.add(predictor.predict(text));
        }
        List<Prediction> batch = predictor.predictBatch(texts);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<List<Prediction>>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                Callable<List<List<Prediction>>> job = () -> {
                    start.await();
                    List<Prediction> single = new ArrayList<>();
                    // each thread starts at another text, so different lengths run at the same moment
                    for (int i = 0; i < texts.size(); i++) {
                        single.add(null);
                    }
                    for (int k = 0; k < texts.size(); k++) {
                        int i = (k + offset * 17) % texts.size();
                        single.set(i, predictor.predict(texts.get(i)));
                    }
                    List<Prediction> batched = predictor.predictBatch(texts);
                    List<Prediction> again = predictor.predictBatch(texts);
                    return List.of(single, batched, again);
                };
                results.add(pool.submit(job));
            }
            start.countDown();
            for (Future<List<List<Prediction>>> f : results) {
                List<List<Prediction>> r = f.get(300, TimeUnit.SECONDS);
                assertEquals(oneByOne, r.get(0), "one by one");
                assertEquals(batch, r.get(1), "batch");
                assertEquals(batch, r.get(2), "second batch");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
