package dev.rnn4j.qa;

import dev.rnn4j.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches of similar story length: every question once per epoch, little padding, seeded and still shuffled. */
class LengthBucketsTest {

    // question i has 1 + (i * 7) % 20 statements of 1 + i % 3 words, and the question word 4 + i
    private static List<EncodedQuestion> questions(int n) {
        List<EncodedQuestion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[][] facts = new int[1 + (i * 7) % 20][];
            for (int f = 0; f < facts.length; f++) {
                facts[f] = new int[1 + i % 3];
                java.util.Arrays.fill(facts[f], 4);
            }
            out.add(new EncodedQuestion(facts, new int[] {4 + i}, 0, 1, 0));
        }
        return out;
    }

    @Test
    void everyQuestionOncePerEpochInBatchesOfSimilarLength() {
        List<EncodedQuestion> questions = questions(103);
        LengthBuckets source = new LengthBuckets(questions, 10);
        assertEquals(11, source.batchesPerEpoch());
        Set<Integer> seen = new TreeSet<>();
        int paddedFacts = 0;
        Iterator<QaBatch> it = source.batches(0, new Rng(1));
        int batches = 0;
        while (it.hasNext()) {
            QaBatch batch = it.next();
            batches++;
            int fewest = Integer.MAX_VALUE;
            for (int i = 0; i < batch.size(); i++) {
                fewest = Math.min(fewest, batch.factCounts()[i]);
                assertTrue(seen.add(batch.question()[i] - 4), "question " + (batch.question()[i] - 4) + " twice");
            }
            // 103 questions over 20 lengths: about 5 of each, so a batch of 10 spans at most 3 lengths
            assertTrue(batch.factSteps() - fewest <= 2, batch.factSteps() + " vs " + fewest);
            for (int i = 0; i < batch.size(); i++) {
                paddedFacts += batch.factSteps() - batch.factCounts()[i];
            }
        }
        assertEquals(11, batches);
        assertEquals(103, seen.size());
        int total = 0;
        for (EncodedQuestion q : questions) {
            total += q.facts().length;
        }
        assertTrue(paddedFacts < total / 10, "padding " + paddedFacts + " of " + total + " statements");
        int[] sorted = LengthBuckets.sortedByLength(questions);
        assertEquals(103, java.util.Arrays.stream(sorted).distinct().count());
        for (int i = 1; i < sorted.length; i++) {
            assertTrue(LengthBuckets.lengthKey(questions.get(sorted[i - 1]))
                    <= LengthBuckets.lengthKey(questions.get(sorted[i])));
        }
    }

    @Test
    void theSameGeneratorGivesTheSameBatchesAndAnotherEpochOthers() {
        LengthBuckets source = new LengthBuckets(questions(200), 16);
        List<int[]> a = factCountsOf(source.batches(0, new Rng(7)));
        List<int[]> b = factCountsOf(source.batches(0, new Rng(7)));
        List<int[]> c = factCountsOf(source.batches(0, new Rng(8)));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        boolean differ = false;
        for (int i = 0; i < a.size(); i++) {
            differ |= !java.util.Arrays.equals(a.get(i), c.get(i));
        }
        assertTrue(differ, "another generator orders the batches differently");
    }

    @Test
    void questionsOfOneLengthAreMixedDifferentlyEachEpoch() {
        // all of one length: bucketing is then a plain shuffle
        List<EncodedQuestion> same = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            same.add(new EncodedQuestion(new int[][] {{4}}, new int[] {5}, i % 4, 1, 0));
        }
        LengthBuckets source = new LengthBuckets(same, 40);
        assertNotEquals(java.util.Arrays.toString(source.batches(0, new Rng(1)).next().answers()),
                java.util.Arrays.toString(source.batches(1, new Rng(2)).next().answers()));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LengthBuckets(List.of(), 4));
        assertThrows(IllegalArgumentException.class, () -> new LengthBuckets(questions(3), 0));
    }

    private static List<int[]> factCountsOf(Iterator<QaBatch> it) {
        List<int[]> out = new ArrayList<>();
        while (it.hasNext()) {
            QaBatch batch = it.next();
            out.add(batch.factCounts().clone());
        }
        return out;
    }
}
