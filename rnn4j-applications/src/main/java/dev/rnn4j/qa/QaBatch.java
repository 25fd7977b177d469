package dev.rnn4j.qa;

import java.util.List;

/**
 * A padded batch of B questions in the two layouts the models read, time-major as the recurrent layers take
 * them. Padding is word id {@link QaVocabulary#PAD}.
 *
 * @param size            B
 * @param facts           (F, B, W) word ids: statement f of question b, word w
 * @param factSteps       F, the most statements of a question in the batch
 * @param words           W, the most words of a statement in the batch (at least 1)
 * @param factCounts      (B) statements per question, each >= 1
 * @param wordCounts      (F, B) words per statement, 0 for padding statements
 * @param story           (S, B) the statements as one token stream, {@link QaVocabulary#END} after each
 * @param storySteps      S
 * @param storyLengths    (B) tokens per stream, each >= 1
 * @param question        (Q, B) the question's word ids
 * @param questionSteps   Q
 * @param questionLengths (B) words per question, each >= 1
 * @param answers         (B) answer classes, −1 for an answer the model does not know
 * @param tasks           (B) bAbI task numbers
 * @param supporting      (B) each question's supporting facts in reasoning order ({@link EncodedQuestion#supporting}),
 *                        as indices into its facts, −1 for one left out by the memory size; empty when unknown
 */
record QaBatch(int size, int[] facts, int factSteps, int words, int[] factCounts, int[] wordCounts, int[] story,
               int storySteps, int[] storyLengths, int[] question, int questionSteps, int[] questionLengths,
               int[] answers, int[] tasks, int[][] supporting) {

    /** The batch of {@code questions[indices]}. */
    static QaBatch of(List<EncodedQuestion> questions, int[] indices) {
        int b = indices.length;
        if (b == 0) {
            throw new IllegalArgumentException("indices: expected at least one question, got none");
        }
        int f = 1;
        int w = 1;
        int s = 1;
        int q = 1;
        int[] factCounts = new int[b];
        int[] storyLengths = new int[b];
        int[] questionLengths = new int[b];
        for (int i = 0; i < b; i++) {
            EncodedQuestion e = questions.get(indices[i]);
            if (e.facts().length == 0) {
                throw new IllegalArgumentException("question " + indices[i] + ": expected at least one statement"
                        + " before it, got none");
            }
            factCounts[i] = e.facts().length;
            f = Math.max(f, factCounts[i]);
            int tokens = 0;
            for (int[] fact : e.facts()) {
                w = Math.max(w, fact.length);
                tokens += fact.length + 1;
            }
            storyLengths[i] = tokens;
            s = Math.max(s, tokens);
            questionLengths[i] = e.question().length;
            q = Math.max(q, questionLengths[i]);
        }
        int[] facts = new int[f * b * w];
        int[] wordCounts = new int[f * b];
        int[] story = new int[s * b];
        int[] question = new int[q * b];
        int[] answers = new int[b];
        int[] tasks = new int[b];
        int[][] supporting = new int[b][];
        for (int i = 0; i < b; i++) {
            EncodedQuestion e = questions.get(indices[i]);
            int t = 0;
            for (int k = 0; k < e.facts().length; k++) {
                int[] fact = e.facts()[k];
                wordCounts[k * b + i] = fact.length;
                for (int j = 0; j < fact.length; j++) {
                    facts[(k * b + i) * w + j] = fact[j];
                    story[(t++) * b + i] = fact[j];
                }
                story[(t++) * b + i] = QaVocabulary.END;
            }
            for (int j = 0; j < e.question().length; j++) {
                question[j * b + i] = e.question()[j];
            }
            answers[i] = e.answer();
            tasks[i] = e.task();
            supporting[i] = e.supporting();
        }
        return new QaBatch(b, facts, f, w, factCounts, wordCounts, story, s, storyLengths, question, q,
                questionLengths, answers, tasks, supporting);
    }
}
