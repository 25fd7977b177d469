package dev.rnn4j.qa;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Mask;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rnn4j.qa.BabiReaderTest.babi;
import static dev.rnn4j.qa.FiniteDifferences.check;
import static dev.rnn4j.qa.FiniteDifferences.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supporting-fact attention loss: which facts each hop is pushed onto (fewer, as many and more supporting
 * facts than hops, none, one cut off by the memory size), its value by hand, its gradient by finite differences,
 * and its effect on a trained model's attention.
 */
class SupportingFactLossTest {

    @Test
    void fewerSupportingFactsThanHopsLeaveTheLaterHopsUnsupervised() {
        assertArrayEquals(new int[][] {{7}, {}, {}}, SupportingFactLoss.hopTargets(new int[] {7}, 3));
        assertArrayEquals(new int[][] {{7}, {2}, {}}, SupportingFactLoss.hopTargets(new int[] {7, 2}, 3));
    }

    @Test
    void asManySupportingFactsAsHopsGiveOneEachInTheFileOrder() {
        assertArrayEquals(new int[][] {{22}, {16}, {4}}, SupportingFactLoss.hopTargets(new int[] {22, 16, 4}, 3));
        assertArrayEquals(new int[][] {{5}}, SupportingFactLoss.hopTargets(new int[] {5}, 1));
    }

    @Test
    void moreSupportingFactsThanHopsPutTheRestOnTheLastHop() {
        assertArrayEquals(new int[][] {{9}, {6, 7}}, SupportingFactLoss.hopTargets(new int[] {9, 6, 7}, 2));
        assertArrayEquals(new int[][] {{9, 6, 7}}, SupportingFactLoss.hopTargets(new int[] {9, 6, 7}, 1));
        assertArrayEquals(new int[][] {{1}, {2}, {3, 4}}, SupportingFactLoss.hopTargets(new int[] {1, 2, 3, 4}, 3));
    }

    @Test
    void aQuestionWithoutSupportingFactsSupervisesNoHop() {
        assertArrayEquals(new int[][] {{}, {}, {}}, SupportingFactLoss.hopTargets(new int[0], 3));
    }

    @Test
    void aSupportingFactCutOffLeavesItsHopUnsupervised() {
        assertArrayEquals(new int[][] {{}, {3}, {0}}, SupportingFactLoss.hopTargets(new int[] {-1, 3, 0}, 3));
        assertArrayEquals(new int[][] {{3}, {0}}, SupportingFactLoss.hopTargets(new int[] {3, -1, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> SupportingFactLoss.hopTargets(new int[] {1}, 0));
    }

    @Test
    void theLossIsMinusTheMeanLogAttentionOnEachHopsSupportingFact() {
        List<EncodedQuestion> q = new ArrayList<>();
        q.add(new EncodedQuestion(new int[][] {{4}, {5}, {6}}, new int[] {7}, 0, 1, 0, new int[] {2, 0}));
        q.add(new EncodedQuestion(new int[][] {{4}, {5}}, new int[] {7}, 0, 1, 0, new int[] {1}));
        q.add(new EncodedQuestion(new int[][] {{4}}, new int[] {7}, 0, 1, 0));        // no supporting facts
        QaBatch batch = QaBatch.of(q, new int[] {0, 1, 2});
        assertArrayEquals(new int[][] {{2, 0}, {1}, {}}, batch.supporting());
        Tensor hop1 = Tensor.of(new float[] {0.2f, 0.3f, 0.5f, 0.6f, 0.4f, 0, 1, 0, 0}, 3, 3);   // (B, F)
        Tensor hop2 = Tensor.of(new float[] {0.1f, 0.8f, 0.1f, 0.5f, 0.5f, 0, 1, 0, 0}, 3, 3);
        // hop 1: question 0 on fact 2, question 1 on fact 1; hop 2: question 0 on fact 0, question 1 unsupervised
        double expected = -(Math.log(0.5) + Math.log(0.4) + Math.log(0.1)) / 3;
        assertEquals(expected, SupportingFactLoss.of(List.of(hop1, hop2), batch).item(), 1e-6);
        // one hop: question 0's two facts both on it
        double oneHop = -(Math.log(0.7) + Math.log(0.4)) / 2;
        assertEquals(oneHop, SupportingFactLoss.of(List.of(hop1), batch).item(), 1e-6);
        assertNull(SupportingFactLoss.of(List.of(hop1), QaBatch.of(q, new int[] {2})),
                "no supervised question, no loss");
    }

    /** Through the attention gate's softmax, two hops, padding facts, a question without supporting facts. */
    @Test
    void theLossGradientMatchesFiniteDifferences() {
        List<EncodedQuestion> q = new ArrayList<>();
        q.add(new EncodedQuestion(new int[][] {{4}, {5}, {6}, {4}}, new int[] {7}, 0, 1, 0, new int[] {3, 1}));
        q.add(new EncodedQuestion(new int[][] {{4}, {5}}, new int[] {7}, 0, 1, 0, new int[] {1, 0, 1}));
        q.add(new EncodedQuestion(new int[][] {{4}, {6}, {5}}, new int[] {7}, 0, 1, 0));
        QaBatch batch = QaBatch.of(q, new int[] {0, 1, 2});
        int f = batch.factSteps();
        AttentionGate gate = new AttentionGate(3, new Rng(50));
        gate.to(DType.F64);
        Tensor facts = random(51, f, 3, 3);                                      // (F, B, H)
        Tensor question = random(52, 3, 3);                                      // (B, H)
        Tensor memory = random(53, 3, 3);
        Mask keep = Mask.fromLengths(batch.factCounts(), f);
        Map<String, Tensor> leaves = new LinkedHashMap<>(gate.namedParameters());
        leaves.put("facts", facts);
        leaves.put("q", question);
        leaves.put("m", memory);
        check(() -> SupportingFactLoss.of(List.of(gate.forward(facts, question, question, keep),
                gate.forward(facts, question, memory, keep)), batch), leaves);
    }

    @Test
    void supportingFactsCutOffByTheMemorySizeKeepTheirPlace() {
        QaVocabulary vocabulary = QaVocabulary.of(List.of(example()));
        EncodedQuestion all = EncodedQuestion.of(vocabulary, example(), 0);
        assertArrayEquals(new int[] {0, 2}, all.supporting());
        EncodedQuestion recent = EncodedQuestion.of(vocabulary, example(), 2);
        assertArrayEquals(new int[] {-1, 1}, recent.supporting(), "facts 1 and 2 of 0..2 kept: fact 0 is cut off,"
                + " fact 2 is index 1");
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
        int f = batch.factSteps();
        for (int i = 0; i < all.length; i++) {
            for (int s : batch.supporting()[i]) {
                sum += attention[i * f + s];
            }
        }
        return sum / all.length;
    }
}
