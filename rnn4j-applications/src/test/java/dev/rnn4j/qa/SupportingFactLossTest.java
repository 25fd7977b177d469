package dev.rnn4j.qa;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.rnn4j.qa.BabiReaderTest.babi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supporting-fact attention loss: its value by hand, the questions without supporting facts left out, the
 * facts cut off by the memory size dropped, and its effect on a trained model's attention.
 */
class SupportingFactLossTest {

    @Test
    void theLossIsMinusTheMeanLogAttentionOnTheSupportingFacts() {
        List<EncodedQuestion> q = new ArrayList<>();
        q.add(new EncodedQuestion(new int[][] {{4}, {5}, {6}}, new int[] {7}, 0, 1, 0, new int[] {0, 2}));
        q.add(new EncodedQuestion(new int[][] {{4}, {5}}, new int[] {7}, 0, 1, 0, new int[] {1}));
        q.add(new EncodedQuestion(new int[][] {{4}}, new int[] {7}, 0, 1, 0));        // no supporting facts
        QaBatch batch = QaBatch.of(q, new int[] {0, 1, 2});
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0, 0, 0, 0}, batch.supporting());
        Tensor hop1 = Tensor.of(new float[] {0.2f, 0.3f, 0.5f, 0.6f, 0.4f, 0, 1, 0, 0}, 3, 3);   // (B, F)
        Tensor hop2 = Tensor.of(new float[] {0.1f, 0.8f, 0.1f, 0.5f, 0.5f, 0, 1, 0, 0}, 3, 3);
        double expected = -(Math.log(0.7) + Math.log(0.4) + Math.log(0.2) + Math.log(0.5)) / 4;
        Tensor loss = QaTrainer.supportingFactLoss(List.of(hop1, hop2), batch);
        assertEquals(expected, loss.item(), 1e-6);
        assertNull(QaTrainer.supportingFactLoss(List.of(hop1),
                QaBatch.of(q, new int[] {2})), "no supervised question, no loss");
    }

    @Test
    void supportingFactsCutOffByTheMemorySizeAreDropped() {
        QaVocabulary vocabulary = QaVocabulary.of(List.of(example()));
        EncodedQuestion all = EncodedQuestion.of(vocabulary, example(), 0);
        assertArrayEquals(new int[] {0, 2}, all.supporting());
        EncodedQuestion recent = EncodedQuestion.of(vocabulary, example(), 2);
        assertArrayEquals(new int[] {1}, recent.supporting(), "facts 1 and 2 of 0..2 kept: fact 2 is index 1");
    }

    private static QaExample example() {
        return new QaExample(1, 0, List.of("Mary moved to the bathroom.", "John went to the hallway.",
                "Mary went to the garden."), "Where is Mary?", "garden", new int[] {0, 2}, 4);
    }

    @Test
    void trainingWithItPutsMoreAttentionOnTheSupportingFacts() throws IOException {
        BabiData data = BabiData.load(babi(), "en", List.of(1));
        QaVocabulary vocabulary = QaVocabulary.of(data.train());
        QaConfig config = new QaConfig(QaConfig.DMN, vocabulary.wordCount(), vocabulary.answerCount(), 8, 8, 1, 0,
                50);
        double weak = attentionOnSupport(vocabulary, data, config, 0);
        double strong = attentionOnSupport(vocabulary, data, config, 1);
        assertTrue(strong > weak + 0.1, "attention on the supporting facts: " + strong + " with the loss, " + weak
                + " without");
    }

    private static double attentionOnSupport(QaVocabulary vocabulary, BabiData data, QaConfig config,
                                             double weight) throws IOException {
        QaTraining o = new QaTraining(3, 6, 16, 1e-2, 0, 5.0, weight, 0, 0, 0, 0, null, false, true, null);
        QuestionAnswerer model = QuestionAnswerer.train(vocabulary, data.train(), data.train(), config, o);
        List<EncodedQuestion> encoded = data.train().stream().map(e -> EncodedQuestion.of(vocabulary, e, 50))
                .toList();
        int[] all = new int[encoded.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        QaBatch batch = QaBatch.of(encoded, all);
        QaNetwork network = model.network();
        network.eval();
        Tensor g = network.forward(batch).attention().get(0);                          // (B, F)
        float[] attention = g.toFloatArray();
        double sum = 0;
        for (int i = 0; i < attention.length; i++) {
            sum += attention[i] * batch.supporting()[i];
        }
        return sum / all.length;
    }
}
