package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.classify.Prediction;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a task cuts its rows into batches, without Spark running: texts of shuffled lengths reach the model sorted
 * by length within each window, in batches of at most the batch size, and come back in the order they were read;
 * rows without a text never reach the model.
 */
class PredictedRowsTest {

    private static final TextClassificationColumns TEXTS = new TextClassificationColumns();

    /** Echoes each text as its label and records the batches it is given, in the order they come. */
    private static final class RecordingPredictor implements Predictor<String, Prediction> {
        final List<List<String>> batches = new ArrayList<>();

        @Override
        public ModelInfo describe() {
            return new ModelInfo("text-classification", "a text", "the text itself", Map.of());
        }

        @Override
        public Prediction predict(String text) {
            return new Prediction(text, Map.of(text, 1.0));
        }

        @Override
        public synchronized List<Prediction> predictBatch(List<String> texts) {
            batches.add(List.copyOf(texts));
            return texts.stream().map(this::predict).toList();
        }
    }

    /** {@code n} texts of 1 to 40 words ("w0 w1 ..."), lengths in random order, every fifth text null. */
    private static List<String> shuffledTexts(int n, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int words = 1 + random.nextInt(40);
            StringBuilder text = new StringBuilder("row" + i);
            for (int w = 1; w < words; w++) {
                text.append(' ').append('w').append(w);
            }
            texts.add(i % 5 == 4 ? null : text.toString());
        }
        return texts;
    }

    private static List<Row> run(RecordingPredictor predictor, List<String> texts, int batchSize, int threads,
                                 int sortWindow) {
        List<Row> in = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            in.add(RowFactory.create(i, texts.get(i)));
        }
        List<Row> out = new ArrayList<>();
        new PredictedRows<>(in.iterator(), predictor, TEXTS, 1, "text", batchSize, threads, sortWindow)
                .forEachRemaining(out::add);
        return out;
    }

    @Test
    void textsOfShuffledLengthsAreBatchedByLengthPerWindowAndComeBackInReadOrder() {
        List<String> texts = shuffledTexts(250, 5);
        RecordingPredictor predictor = new RecordingPredictor();
        List<Row> rows = run(predictor, texts, 8, 1, 100);

        assertEquals(texts.size(), rows.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(i, rows.get(i).getInt(0));
            assertEquals(texts.get(i), rows.get(i).get(2), "row " + i); // the echoed label: the row's own text
        }
        // windows of 100 rows (80 texts each, 10 batches; the last window 40 texts, 5 batches)
        assertEquals(25, predictor.batches.size());
        int batch = 0;
        for (int window = 0; window < 3; window++) {
            int batches = window < 2 ? 10 : 5;
            List<String> seen = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                seen.addAll(predictor.batches.get(batch++));
            }
            List<String> expected = new ArrayList<>(texts.subList(100 * window, Math.min(texts.size(),
                    100 * window + 100)));
            expected.removeIf(t -> t == null);
            // stable: equal lengths keep the read order
            List<String> sorted = new ArrayList<>(expected);
            sorted.sort(Comparator.comparingInt(TEXTS::length));
            assertEquals(sorted, seen, "window " + window);
        }
        for (List<String> b : predictor.batches) {
            assertTrue(b.size() <= 8, "batch of " + b.size());
        }
    }

    @Test
    void aWindowThatFitsInOneBatchGoesToTheModelInReadOrder() {
        List<String> texts = shuffledTexts(30, 6);
        RecordingPredictor predictor = new RecordingPredictor();
        run(predictor, texts, 64, 1, 1000);
        List<String> expected = new ArrayList<>(texts);
        expected.removeIf(t -> t == null);
        assertEquals(List.of(expected), predictor.batches);
    }

    @Test
    void withSeveralThreadsEveryRowGetsItsOwnPrediction() {
        List<String> texts = shuffledTexts(500, 7);
        RecordingPredictor predictor = new RecordingPredictor();
        List<Row> rows = run(predictor, texts, 7, 3, 120);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), rows.get(i).get(2), "row " + i);
        }
        // 400 texts in windows of 120 rows (96, 96, 96, 96, 16 texts): 14 + 14 + 14 + 14 + 3 batches
        assertEquals(59, predictor.batches.size());
    }

    @Test
    void aTextsLengthIsItsWordCount() {
        assertEquals(1, TEXTS.length("film"));
        assertEquals(3, TEXTS.length("  a\tfine \n film "));
        assertEquals(5, TEXTS.length("it 's a fine film"));
    }
}
