package dev.rnn4j.qa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The words and answers of a question-answering model.
 *
 * <p>Words: id {@value #PAD} is padding, {@value #UNKNOWN} the unknown symbol (every word the training data never
 * held reads as it), {@value #END} the end of a statement (the LSTM reader sees a story as one token stream with
 * this token after each statement), then the training words in sorted order. Tokens are the lower-cased words
 * of a sentence with the punctuation {@code . ? ! , ; :} removed ({@link #tokens}).
 *
 * <p>Answers: every whole answer string of the training questions (e.g. {@code bathroom}, {@code apple,football}),
 * sorted; a model picks one of them. A question whose answer never occurs in training has no class
 * ({@link #answerId} gives −1) and counts as wrong.
 */
public final class QaVocabulary {

    /** The padding id. */
    public static final int PAD = 0;
    /** The unknown word's id. */
    public static final int UNKNOWN = 1;
    /** The end-of-statement token's id. */
    public static final int END = 2;

    private static final List<String> RESERVED = List.of("<pad>", "<unk>", ".");
    // compiled once: every question's story is tokenized again
    private static final Pattern PUNCTUATION = Pattern.compile("[.?!,;:]");
    // white space as strip() and isBlank() see it (with U+001C..U+001F), so that no word is blank
    private static final Pattern SPACES = Pattern.compile("\\p{javaWhitespace}+");

    private final List<String> words;
    private final Map<String, Integer> wordIds = new HashMap<>();
    private final List<String> answers;
    private final Map<String, Integer> answerIds = new HashMap<>();

    /**
     * From saved lists: {@code words} starts with the three reserved symbols.
     *
     * @throws IllegalArgumentException if the reserved symbols are missing, a word or answer repeats or is
     *                                  blank, or there is no answer
     */
    public QaVocabulary(List<String> words, List<String> answers) {
        if (words == null || words.size() < RESERVED.size() || !words.subList(0, RESERVED.size()).equals(RESERVED)) {
            throw new IllegalArgumentException("words: expected a list starting with " + RESERVED + ", got "
                    + (words == null ? "null" : words.subList(0, Math.min(3, words.size()))));
        }
        if (answers == null || answers.isEmpty()) {
            throw new IllegalArgumentException("answers: expected at least one answer, got none");
        }
        this.words = List.copyOf(words);
        this.answers = List.copyOf(answers);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w == null || w.isBlank() || wordIds.put(w, i) != null) {
                throw new IllegalArgumentException("words[" + i + "]: expected a new non-blank word, got '" + w + "'");
            }
        }
        for (int i = 0; i < answers.size(); i++) {
            String a = answers.get(i);
            if (a == null || a.isBlank() || answerIds.put(a, i) != null) {
                throw new IllegalArgumentException("answers[" + i + "]: expected a new non-blank answer, got '" + a
                        + "'");
            }
        }
    }

    /** The words of the facts and questions of {@code examples}, and their answers. */
    public static QaVocabulary of(List<QaExample> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("examples: expected training questions, got none");
        }
        TreeSet<String> w = new TreeSet<>();
        TreeSet<String> a = new TreeSet<>();
        for (QaExample e : examples) {
            for (String fact : e.facts()) {
                w.addAll(tokens(fact));
            }
            w.addAll(tokens(e.question()));
            a.add(e.answer());
        }
        RESERVED.forEach(w::remove);
        List<String> words = new ArrayList<>(RESERVED);
        words.addAll(w);
        return new QaVocabulary(words, new ArrayList<>(a));
    }

    /** The lower-cased words of {@code sentence} without the punctuation {@code . ? ! , ; :}. */
    public static List<String> tokens(String sentence) {
        String s = PUNCTUATION.matcher(sentence.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        if (s.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Collections.addAll(out, SPACES.split(s));
        return out;
    }

    /** The id of {@code word}, or {@link #UNKNOWN}. */
    public int wordId(String word) {
        Integer id = wordIds.get(word);
        return id == null || id < END ? UNKNOWN : id;
    }

    /** Whether {@code word} is a training word. */
    public boolean knows(String word) {
        Integer id = wordIds.get(word);
        return id != null && id > END;
    }

    /** The ids of the tokens of {@code sentence}. */
    public int[] encode(String sentence) {
        return tokens(sentence).stream().mapToInt(this::wordId).toArray();
    }

    /** The class of {@code answer}, or −1 when training never gave it. */
    public int answerId(String answer) {
        Integer id = answerIds.get(answer);
        return id == null ? -1 : id;
    }

    public String answer(int id) {
        return answers.get(id);
    }

    /** Every word id in order, the reserved symbols first. */
    public List<String> words() {
        return words;
    }

    public List<String> answers() {
        return answers;
    }

    public int wordCount() {
        return words.size();
    }

    public int answerCount() {
        return answers.size();
    }
}
