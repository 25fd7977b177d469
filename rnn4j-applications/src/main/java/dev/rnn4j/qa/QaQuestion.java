package dev.rnn4j.qa;

import java.util.List;

/**
 * A question about a story, the input of a {@link QuestionAnswerer}.
 *
 * @param story    the statements, oldest first, at least one, none blank (e.g. "Mary moved to the bathroom.")
 * @param question e.g. "Where is Mary?"
 */
public record QaQuestion(List<String> story, String question) {

    /** @throws IllegalArgumentException for an empty story, a blank statement or a blank question */
    public QaQuestion {
        if (story == null || story.isEmpty()) {
            throw new IllegalArgumentException("story: expected at least one statement, got none");
        }
        for (int i = 0; i < story.size(); i++) {
            if (story.get(i) == null || story.get(i).isBlank()) {
                throw new IllegalArgumentException("story: statement " + (i + 1) + " is blank");
            }
        }
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question: expected a question, got nothing");
        }
        story = List.copyOf(story);
    }
}
