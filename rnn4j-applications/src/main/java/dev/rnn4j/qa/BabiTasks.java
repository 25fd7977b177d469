package dev.rnn4j.qa;

import dev.rnn4j.text.DataFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The 20 bAbI tasks and where their files are: {@code DIR/SET/qaN_<name>_{train,test}.txt} with {@code SET}
 * {@code en} (1,000 training questions per task) or {@code en-10k} (10,000); {@code DIR} may also be the set's
 * folder itself.
 *
 * <p>Some copies of {@code en-10k} lack task 3's training file (it is over 5 MB). Then task 3 trains on the 1k
 * file {@code DIR/en/qa3_..._train.txt} (the first 1,000 questions of the 10k one), and {@link TaskFile#note} says
 * so.
 */
public final class BabiTasks {

    /** The number of tasks. */
    public static final int COUNT = 20;

    /** The two English training sizes. */
    public static final List<String> SETS = List.of("en", "en-10k");

    private static final String[] NAMES = {"single-supporting-fact", "two-supporting-facts",
        "three-supporting-facts", "two-arg-relations", "three-arg-relations", "yes-no-questions", "counting",
        "lists-sets", "simple-negation", "indefinite-knowledge", "basic-coreference", "conjunction",
        "compound-coreference", "time-reasoning", "basic-deduction", "basic-induction", "positional-reasoning",
        "size-reasoning", "path-finding", "agents-motivations"};

    private BabiTasks() {
    }

    /** The task's name, e.g. {@code single-supporting-fact} for 1. */
    public static String name(int task) {
        checkTask(task);
        return NAMES[task - 1];
    }

    /**
     * Parses {@code N} (1..20) or {@code all}.
     *
     * @throws IllegalArgumentException for anything else (the message lists what is accepted)
     */
    public static List<Integer> parse(String tasks) {
        if (tasks == null || tasks.isBlank()) {
            throw new IllegalArgumentException("task: expected a task number 1..20 or 'all', got nothing");
        }
        String t = tasks.strip();
        List<Integer> out = new ArrayList<>();
        if (t.equalsIgnoreCase("all")) {
            for (int i = 1; i <= COUNT; i++) {
                out.add(i);
            }
            return out;
        }
        for (String part : t.split(",")) {
            int n;
            try {
                n = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("task: expected a task number 1..20, a comma-separated list of"
                        + " them, or 'all', got '" + tasks + "'");
            }
            checkTask(n);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    static void checkTask(int task) {
        if (task < 1 || task > COUNT) {
            throw new IllegalArgumentException("task: expected a bAbI task number 1..20, got " + task);
        }
    }

    /**
     * A file to read, and a note when it is not the one asked for.
     *
     * @param path the file
     * @param note why another file stands in (e.g. the 1k training file of task 3 for {@code en-10k}), or null
     */
    public record TaskFile(Path path, String note) {
    }

    /**
     * The training file of {@code task} in {@code set}.
     *
     * @throws DataFormatException if the folder or the file is missing (the message names what was looked for)
     */
    public static TaskFile trainFile(Path dir, String set, int task) {
        checkTask(task);
        Path setDir = setDir(dir, set);
        Path file = find(setDir, task, "train");
        if (file != null) {
            return new TaskFile(file, null);
        }
        if (set.equals("en-10k")) {
            Path small = find(dir.resolve("en"), task, "train");
            if (small != null) {
                return new TaskFile(small, "task " + task + ": " + setDir + " has no training file; training on the 1k"
                        + " file " + small + " instead");
            }
        }
        throw new DataFormatException(setDir, 0, "no training file qa" + task + "_" + name(task) + "_train.txt");
    }

    /**
     * The test file of {@code task} in {@code set}.
     *
     * @throws DataFormatException if the folder or the file is missing
     */
    public static TaskFile testFile(Path dir, String set, int task) {
        checkTask(task);
        Path setDir = setDir(dir, set);
        Path file = find(setDir, task, "test");
        if (file == null) {
            throw new DataFormatException(setDir, 0, "no test file qa" + task + "_" + name(task) + "_test.txt");
        }
        return new TaskFile(file, null);
    }

    // DIR/SET when it exists, else DIR itself when it holds task files
    private static Path setDir(Path dir, String set) {
        if (dir == null) {
            throw new IllegalArgumentException("data folder: expected a path, got null");
        }
        if (!SETS.contains(set)) {
            throw new IllegalArgumentException("set: expected one of " + SETS + ", got '" + set + "'");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, 0, "bAbI data folder not found");
        }
        Path sub = dir.resolve(set);
        if (Files.isDirectory(sub)) {
            return sub;
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.anyMatch(p -> p.getFileName().toString().matches("qa\\d+_.*\\.txt"))) {
                return dir;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list: " + e.getMessage(), e);
        }
        throw new DataFormatException(dir, 0, "expected a bAbI folder holding " + set + "/ (or the qaN_*.txt files"
                + " themselves)");
    }

    private static Path find(Path setDir, int task, String split) {
        if (!Files.isDirectory(setDir)) {
            return null;
        }
        Path exact = setDir.resolve("qa" + task + "_" + name(task) + "_" + split + ".txt");
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        Path shortName = setDir.resolve("qa" + task + "_" + split + ".txt"); // the en-valid layout
        return Files.isRegularFile(shortName) ? shortName : null;
    }
}
