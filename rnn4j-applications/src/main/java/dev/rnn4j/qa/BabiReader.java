package dev.rnn4j.qa;

import dev.rnn4j.text.DataFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a bAbI task file (Weston et al. 2015) into {@link QaExample}s, one per question line.
 *
 * <p>The format: every line is {@code ID text}, a decimal line id, one space and the text. Ids start at 1 and
 * increase by 1 within a story; a line with id 1 starts a new story. A statement line holds no tab. A question
 * line is {@code ID question<TAB>answer<TAB>supporting ids}, the supporting ids separated by spaces and naming
 * earlier statement lines of the same story. The story keeps growing after a question, so each question sees
 * every statement of its story before it.
 *
 * <p>Everything else is a {@link DataFormatException} whose message starts with {@code file:line:}: an empty file,
 * a line without an id, an id that neither continues the story nor restarts it at 1, an empty statement, a line
 * with a {@code ?} but no tab (a question without its answer), a question line without exactly three
 * tab-separated fields, an empty answer, no supporting id, a supporting id that is not a number or does not name
 * an earlier statement of the story, a question before any statement, and a story without a question. Blank
 * lines are not part of the format and are errors too.
 */
public final class BabiReader {

    private BabiReader() {
    }

    /**
     * Reads {@code file} as bAbI task {@code task}.
     *
     * @param task recorded in every example, 0..20 (0: not a numbered task)
     * @throws DataFormatException  if the file is missing, not UTF-8 or not in the bAbI format (file and line)
     * @throws UncheckedIOException if the file exists but cannot be read
     */
    public static List<QaExample> read(Path file, int task) {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a bAbI file, got null");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, 0, "bAbI file not found");
        }
        try (Reader in = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return read(in, file, task);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, 0, "not UTF-8 text (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads bAbI text from {@code in}; {@code name} is the file named in errors.
     *
     * @throws DataFormatException if the text is not in the bAbI format
     * @throws IOException         if {@code in} fails
     */
    public static List<QaExample> read(Reader in, Path name, int task) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("in: expected a reader, got null");
        }
        if (task < 0 || task > BabiTasks.COUNT) {
            throw new IllegalArgumentException("task: expected 0..20, got " + task);
        }
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<QaExample> out = new ArrayList<>();
        // the current story: its statements so far, and for each line id the statement's index (-1: a question)
        List<String> facts = new ArrayList<>();
        List<Integer> factOfId = new ArrayList<>();
        int story = -1;
        int previousId = 0;
        long storyStart = 0;
        boolean storyHasQuestion = true;
        long lineNumber = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            int space = line.indexOf(' ');
            int id = space > 0 ? parseId(line, space) : -1;
            if (id < 1) {
                throw new DataFormatException(name, lineNumber, "expected 'ID text' with a line id >= 1, got '"
                        + shorten(line) + "'");
            }
            if (id == 1) {
                if (!storyHasQuestion) {
                    throw new DataFormatException(name, storyStart, "this story has no question before the next"
                            + " story starts at line " + lineNumber);
                }
                story++;
                facts.clear();
                factOfId.clear();
                storyStart = lineNumber;
                storyHasQuestion = false;
            } else if (id != previousId + 1) {
                throw new DataFormatException(name, lineNumber, "expected line id " + (previousId + 1)
                        + " (the story's next) or 1 (a new story), got " + id);
            }
            previousId = id;
            String text = line.substring(space + 1);
            int tab = text.indexOf('\t');
            if (tab < 0) {
                String statement = text.strip();
                if (statement.isEmpty()) {
                    throw new DataFormatException(name, lineNumber, "empty statement after line id " + id);
                }
                if (statement.contains("?")) {
                    throw new DataFormatException(name, lineNumber, "a question without its answer: expected"
                            + " 'question<TAB>answer<TAB>supporting ids', found no tab");
                }
                factOfId.add(facts.size());
                facts.add(statement);
                continue;
            }
            String[] fields = text.split("\t", -1);
            if (fields.length != 3) {
                throw new DataFormatException(name, lineNumber, "expected 'question<TAB>answer<TAB>supporting"
                        + " ids' (3 tab-separated fields), got " + fields.length + " field(s)");
            }
            String question = fields[0].strip();
            String answer = fields[1].strip();
            if (question.isEmpty()) {
                throw new DataFormatException(name, lineNumber, "empty question");
            }
            if (answer.isEmpty()) {
                throw new DataFormatException(name, lineNumber, "empty answer");
            }
            if (facts.isEmpty()) {
                throw new DataFormatException(name, lineNumber, "a question before any statement of its story");
            }
            if (fields[2].isBlank()) {
                throw new DataFormatException(name, lineNumber, "no supporting ids: expected the ids of the"
                        + " statements that answer the question");
            }
            String[] ids = fields[2].strip().split(" +");
            int[] supporting = new int[ids.length];
            for (int i = 0; i < supporting.length; i++) {
                int s = parseNumber(ids[i]);
                if (s < 1 || s >= id || factOfId.get(s - 1) < 0) {
                    throw new DataFormatException(name, lineNumber, "supporting id '" + shorten(ids[i]) + "': expected"
                            + " the id of a statement earlier in this story (1.." + (id - 1) + ")"
                            + (s >= 1 && s < id ? ", but line id " + s + " is a question" : ""));
                }
                supporting[i] = factOfId.get(s - 1);
            }
            factOfId.add(-1);
            storyHasQuestion = true;
            out.add(new QaExample(task, story, facts, question, answer, supporting, lineNumber));
        }
        if (lineNumber == 0) {
            throw new DataFormatException(name, 0, "empty file: expected bAbI lines 'ID text'");
        }
        if (!storyHasQuestion) {
            throw new DataFormatException(name, storyStart, "this story has no question before the end of the file");
        }
        return out;
    }

    // the line id before the first space, or -1 when it is not a plain decimal number
    private static int parseId(String line, int space) {
        return parseNumber(line.substring(0, space));
    }

    private static int parseNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
