package dev.rnn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsReportTest {

    // binary case: TP 3, FN 1, FP 2, TN 4 -> accuracy 0.7, precision 0.6, recall 0.75, F1 2/3 (hand; sklearn agrees)
    private static final int[] TRUTH = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    private static final int[] PREDICTED = {1, 1, 1, 0, 1, 1, 0, 0, 0, 0};

    @Test
    void jsonHasExactlyTheAgreedKeysInOrder() throws Exception {
        MetricsReport report = ClassificationMetrics.binaryReport(TRUTH, PREDICTED, 2, 1, List.of("ham", "spam"));
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(List.of("accuracy", "precision", "recall", "f1", "confusion_matrix", "labels"), keys);
        assertEquals(0.7, json.get("accuracy").asDouble(), 1e-15);
        assertEquals(0.6, json.get("precision").asDouble(), 1e-15);
        assertEquals(0.75, json.get("recall").asDouble(), 1e-15);
        assertEquals(2.0 / 3.0, json.get("f1").asDouble(), 1e-15);
        assertEquals("[[4,2],[1,3]]", json.get("confusion_matrix").toString());
        assertEquals("[\"ham\",\"spam\"]", json.get("labels").toString());
        assertTrue(json.get("confusion_matrix").get(0).get(0).isIntegralNumber());
    }

    @Test
    void toStringShowsScoresAndTable() {
        MetricsReport report = ClassificationMetrics.binaryReport(TRUTH, PREDICTED, 2, 1, List.of("ham", "spam"));
        String text = report.toString();
        assertTrue(text.startsWith("accuracy 0.7000  precision 0.6000  recall 0.7500  f1 0.6667  "
                + "(binary (positive class 1), 10 samples)"), text);
        assertTrue(text.contains("ham            4     2"), text);
        assertTrue(text.contains("spam           1     3"), text);
    }

    @Test
    void labelsAreCopiedAndChecked() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PREDICTED, 2);
        List<String> names = new ArrayList<>(List.of("a", "b"));
        MetricsReport report = MetricsReport.of(cm, Average.WEIGHTED, names);
        names.set(0, "changed");
        assertEquals(List.of("a", "b"), report.labels());
        assertEquals("weighted", report.averaging());
        assertEquals(0.7200000000000001, report.precision(), 1e-12); // sklearn average=weighted
        assertThrows(IllegalArgumentException.class, () -> MetricsReport.of(cm, Average.MACRO, List.of("a")));
        List<String> withNull = new ArrayList<>();
        withNull.add("a");
        withNull.add(null);
        IllegalArgumentException nullName = assertThrows(IllegalArgumentException.class,
                () -> MetricsReport.of(cm, Average.MACRO, withNull));
        assertEquals("labelNames[1]: expected a name, got null", nullName.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricsReport.of(null, Average.MACRO, null));
        assertThrows(IllegalArgumentException.class, () -> MetricsReport.of(cm, null, null));
        assertThrows(IllegalArgumentException.class, () -> MetricsReport.binary(cm, 2, null));
    }

    @Test
    void scoresOutsideTheUnitIntervalAreRejected() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PREDICTED, 2);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new MetricsReport(Double.NaN, 0.5, 0.5, 0.5, "macro", cm, List.of("0", "1")));
        assertEquals("accuracy: expected a number in [0, 1], got NaN", nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsReport(0.5, 1.5, 0.5, 0.5, "macro", cm, List.of("0", "1")));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsReport(0.5, 0.5, 0.5, 0.5, "macro", null, List.of("0", "1")));
    }
}
