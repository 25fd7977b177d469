package dev.rnn4j.spark;

import java.util.Arrays;

/**
 * The main class of {@code rnn4j-spark.jar}: {@code predict ...} runs {@link SparkPredictCommand},
 * {@code train ...} runs {@link SparkTrainCommand}.
 */
public final class SparkMain {

    private SparkMain() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "predict" -> SparkPredictCommand.main(args);
            case "train" -> SparkTrainCommand.main(Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("usage: rnn4j spark predict|train classify|train forecast ... (rnn4j spark predict"
                        + " --help, rnn4j spark train --help)");
                System.exit(2);
            }
        }
    }
}
