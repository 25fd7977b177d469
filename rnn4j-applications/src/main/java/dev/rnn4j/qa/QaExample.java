package dev.rnn4j.qa;

import java.util.List;
import java.util.Objects;

/**
 * One bAbI question with the story before it.
 *
 * @param task       the bAbI task number, 1..20 (0 when the example does not come from a task file)
 * @param story      the story's index in its file, 0-based (stories restart at line id 1)
 * @param facts      the story's statements before the question, oldest first, as written (at least one)
 * @param question   the question text, as written, without its trailing spaces
 * @param answer     the whole answer string, e.g. {@code bathroom} or {@code apple,football}
 * @param supporting the supporting facts as indices into {@code facts}, in the file's order
 * @param line       the question's 1-based line number in its file (0 when not from a file)
 */
public record QaExample(int task, int story, List<String> facts, String question, String answer, int[] supporting,
                        long line) {

    public QaExample {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(supporting, "supporting");
        facts = List.copyOf(facts);
        supporting = supporting.clone();
    }

    @Override
    public int[] supporting() {
        return supporting.clone();
    }
}
