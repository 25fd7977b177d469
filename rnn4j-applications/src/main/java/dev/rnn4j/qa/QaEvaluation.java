package dev.rnn4j.qa;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answer accuracy per bAbI task, with the summary the papers report: the mean error over the tasks and the
 * number of failed tasks (error above {@value #PASS_ERROR} %, i.e. accuracy below 95 %). A question whose answer
 * the model does not know (never in its training data) counts as wrong.
 *
 * @param tasks per task number (0: questions without a task), in task order
 */
public record QaEvaluation(Map<Integer, TaskScore> tasks) {

    /** The highest error, in percent, of a passed task. */
    public static final double PASS_ERROR = 5.0;

    /**
     * @param correct   questions answered right
     * @param questions questions asked
     * @param unknown   questions whose answer the model does not know (counted wrong)
     */
    public record TaskScore(int correct, int questions, int unknown) {
        /** Accuracy in percent. */
        public double accuracy() {
            return questions == 0 ? 0 : 100.0 * correct / questions;
        }

        /** 100 − accuracy. */
        public double error() {
            return 100 - accuracy();
        }

        public boolean passed() {
            return error() <= PASS_ERROR;
        }
    }

    public QaEvaluation {
        tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
    }

    /** The mean of the tasks' errors, in percent. */
    public double meanError() {
        return tasks.values().stream().mapToDouble(TaskScore::error).average().orElse(Double.NaN);
    }

    /** Tasks with error above {@value #PASS_ERROR} %. */
    public long failedTasks() {
        return tasks.values().stream().filter(t -> !t.passed()).count();
    }

    /** Accuracy over all questions together, in percent. */
    public double overallAccuracy() {
        int c = tasks.values().stream().mapToInt(TaskScore::correct).sum();
        int n = tasks.values().stream().mapToInt(TaskScore::questions).sum();
        return n == 0 ? 0 : 100.0 * c / n;
    }

    /** Builds an evaluation one answer at a time. */
    static final class Counter {
        private final Map<Integer, int[]> counts = new TreeMap<>();

        void add(int task, boolean correct, boolean unknown) {
            int[] c = counts.computeIfAbsent(task, t -> new int[3]);
            c[0] += correct ? 1 : 0;
            c[1]++;
            c[2] += unknown ? 1 : 0;
        }

        QaEvaluation result() {
            Map<Integer, TaskScore> out = new LinkedHashMap<>();
            counts.forEach((t, c) -> out.put(t, new TaskScore(c[0], c[1], c[2])));
            return new QaEvaluation(out);
        }
    }
}
