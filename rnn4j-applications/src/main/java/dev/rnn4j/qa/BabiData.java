package dev.rnn4j.qa;

import dev.rnn4j.text.DataFormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The questions of one or more bAbI tasks, split for training.
 *
 * <p>The validation split comes from the training file only: the <b>last 10 % of each task file's stories</b>
 * (rounded, at least one story; whole stories, so no story is in both parts). The test files are read only by
 * {@link #test}.
 *
 * @param train      the training questions of every task, task by task in file order
 * @param validation the validation questions, likewise
 * @param notes      what the user should know about the files read (e.g. task 3 of {@code en-10k} trained on
 *                   its 1k file), in order
 */
public record BabiData(List<QaExample> train, List<QaExample> validation, List<String> notes) {

    /** The part of each training file's stories held out for validation, the last ones. */
    public static final double VALIDATION_FRACTION = 0.1;

    public BabiData {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        notes = List.copyOf(notes);
    }

    /**
     * Reads the training files of {@code tasks} from {@code dir} and splits each.
     *
     * @throws DataFormatException      if a file is missing or malformed, or holds a single story (nothing left
     *                                  to validate on)
     * @throws IllegalArgumentException for an unknown set or task number
     */
    public static BabiData load(Path dir, String set, List<Integer> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks: expected at least one task, got none");
        }
        List<QaExample> train = new ArrayList<>();
        List<QaExample> validation = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int task : tasks) {
            BabiTasks.TaskFile file = BabiTasks.trainFile(dir, set, task);
            if (file.note() != null) {
                notes.add(file.note());
            }
            List<QaExample> all = BabiReader.read(file.path(), task);
            int stories = all.get(all.size() - 1).story() + 1;
            if (stories < 2) {
                throw new DataFormatException(file.path(), 0, "one story only: the last 10 % of the stories"
                        + " validate, so a training file needs at least 2");
            }
            int held = (int) Math.max(1, Math.round(stories * VALIDATION_FRACTION));
            int firstHeld = stories - held;
            for (QaExample e : all) {
                (e.story() < firstHeld ? train : validation).add(e);
            }
        }
        return new BabiData(train, validation, notes);
    }

    /**
     * The test questions of {@code tasks}.
     *
     * @throws DataFormatException if a file is missing or malformed
     */
    public static List<QaExample> test(Path dir, String set, List<Integer> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks: expected at least one task, got none");
        }
        List<QaExample> out = new ArrayList<>();
        for (int task : tasks) {
            out.addAll(BabiReader.read(BabiTasks.testFile(dir, set, task).path(), task));
        }
        return out;
    }
}
