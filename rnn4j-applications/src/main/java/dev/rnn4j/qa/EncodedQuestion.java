package dev.rnn4j.qa;

import java.util.Arrays;
import java.util.List;

/**
 * A question in word ids, ready for a batch.
 *
 * @param facts     the word ids of the statements the model reads, oldest first (the most recent
 *                  {@code maxFacts} of the story); a statement may have no word
 * @param question  the question's word ids, at least one ({@link QaVocabulary#UNKNOWN} alone for a question
 *                  without words)
 * @param answer    the answer class, or −1 when the answer is not one the model knows
 * @param task      the bAbI task, 0 when unknown
 * @param firstFact how many of the story's oldest statements were left out
 * @param supporting the supporting facts in the file's order (the order of the reasoning) as indices into
 *                   {@code facts}, −1 for one left out by {@code maxFacts}; empty when unknown
 */
record EncodedQuestion(int[][] facts, int[] question, int answer, int task, int firstFact, int[] supporting) {

    /** A question without supporting facts. */
    EncodedQuestion(int[][] facts, int[] question, int answer, int task, int firstFact) {
        this(facts, question, answer, task, firstFact, new int[0]);
    }

    /**
     * Encodes a story and question.
     *
     * @param maxFacts the most recent statements kept, or 0 for all
     */
    static EncodedQuestion of(QaVocabulary vocabulary, List<String> facts, String question, String answer, int task,
                              int maxFacts) {
        int first = maxFacts > 0 ? Math.max(0, facts.size() - maxFacts) : 0;
        int[][] ids = new int[facts.size() - first][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.encode(facts.get(first + i));
        }
        int[] q = vocabulary.encode(question);
        if (q.length == 0) {
            q = new int[] {QaVocabulary.UNKNOWN};
        }
        return new EncodedQuestion(ids, q, answer == null ? -1 : vocabulary.answerId(answer), task, first);
    }

    static EncodedQuestion of(QaVocabulary vocabulary, QaExample e, int maxFacts) {
        EncodedQuestion q = of(vocabulary, e.facts(), e.question(), e.answer(), e.task(), maxFacts);
        int[] kept = Arrays.stream(e.supporting()).map(i -> Math.max(-1, i - q.firstFact())).toArray();
        return new EncodedQuestion(q.facts(), q.question(), q.answer(), q.task(), q.firstFact(), kept);
    }
}
