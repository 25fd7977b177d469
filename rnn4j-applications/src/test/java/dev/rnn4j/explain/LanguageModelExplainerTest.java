package dev.rnn4j.explain;

import dev.rnn4j.lm.CharVocabulary;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelConfig;
import dev.rnn4j.lm.LanguageModelNetwork;
import dev.rnn4j.lm.LanguageModelTraining;
import dev.rnn4j.tensor.Autograd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The language-model view on a tiny two-layer GRU model: its numbers against the network's own forward pass. */
class LanguageModelExplainerTest {

    static final String TEXT = "the cat sees \"the moon\".\na dog likes \"the river\".\nthe bird sings.\n";
    static LanguageModel model;

    @BeforeAll
    static void train() throws IOException {
        String corpus = TEXT.repeat(20);
        CharVocabulary v = CharVocabulary.of(corpus);
        LanguageModelConfig config = new LanguageModelConfig("GRU", v.size(), 8, 12, 2, 0.0, 0.0, 0.0, false);
        LanguageModelTraining training = new LanguageModelTraining(3, 2, 4, 16, false, 1e-2, 1.0, 1.0, 0, 0, 0,
                null, false, true, null);
        model = LanguageModel.train(v, corpus, TEXT, config, training);
    }

    /** The probability of each next character is the network's softmax at that position (time-major forward). */
    @Test
    void nextCharacterProbabilitiesAreTheNetworksOwn() {
        LanguageModelExplanation e = new LanguageModelExplainer(model).explain(TEXT, null);
        int[] ids = model.vocabulary().encode(TEXT);
        float[] logits;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            LanguageModelNetwork network = model.network();
            logits = network.forward(ids, ids.length, 1, null, null).logits().toFloatArray(); // (T, V)
        }
        int v = model.vocabulary().size();
        for (int t = 0; t + 1 < ids.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, logits[t * v + j]);
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                sum += Math.exp(logits[t * v + j] - max);
            }
            double expected = Math.exp(logits[t * v + ids[t + 1]] - max) / sum;
            assertEquals(expected, e.actualNext()[t], 1e-5, "position " + t);
            List<LanguageModelExplanation.Candidate> top = e.next().get(t);
            assertEquals(LanguageModelExplainer.TOP_NEXT, top.size());
            assertTrue(top.get(0).probability() >= e.actualNext()[t] - 1e-12);
            for (int i = 1; i < top.size(); i++) {
                assertTrue(top.get(i).probability() <= top.get(i - 1).probability());
            }
        }
        assertEquals(List.of("r", "z", "n"), e.trace().gates());
        assertEquals(2, e.mostActive().size());
        assertEquals(2 * 2, e.saturation().rows().size(), "r and z of two layers");
        assertTrue(e.unitChoice().startsWith("the unit that tracks"), e.unitChoice());
    }

    @Test
    void theChosenUnitColoursTheText() {
        LanguageModelExplanation e = new LanguageModelExplainer(model).explain(TEXT, new UnitIndex(1, 11));
        assertEquals(new UnitIndex(1, 11), e.unit());
        float[] values = e.unitValues();
        for (int t = 0; t < values.length; t++) {
            assertEquals(e.trace().layers().get(1).hidden()[t * 12 + 11], values[t]);
        }
    }

    @Test
    void aLongTextIsCutAndSaysSo() {
        String longText = "the cat sees the moon.\n".repeat(LanguageModelExplainer.MAX_CHARACTERS / 20);
        LanguageModelExplanation e = new LanguageModelExplainer(model).explain(longText, null);
        assertTrue(e.truncated());
        assertEquals(LanguageModelExplainer.MAX_CHARACTERS, e.tokens().size());
    }

    @Test
    void badInputIsNamed() {
        LanguageModelExplainer explainer = new LanguageModelExplainer(model);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> explainer.explain("", null)).getMessage()
                .startsWith("text: empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> explainer.explain("ZQX", null)).getMessage()
                .contains("every character is unknown"));
        assertEquals("unit 2:0: out of range, the model has 2 layers of 12 units, so expected L in 0..1 and U in"
                + " 0..11", assertThrows(IllegalArgumentException.class,
                () -> explainer.explain(TEXT, new UnitIndex(2, 0))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UnitIndex.parse("1-2", 2, 12)).getMessage()
                .startsWith("unit: expected L:U"));
    }
}
