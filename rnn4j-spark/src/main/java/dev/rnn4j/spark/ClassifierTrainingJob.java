package dev.rnn4j.spark;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.EpochResult;
import dev.rnn4j.classify.Prediction;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.classify.TrainingSummary;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.train.Checkpoints;
import dev.rnn4j.train.DataParallel;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Synchronous data-parallel training of a text classifier in one Spark barrier stage: N tasks start
 * together, task r is the worker of rank r, and every worker runs the classifier's ordinary training
 * ({@link TextClassifier#train(List, List, ClassifierConfig, Path, TextClassifier.RunOptions,
 * DataParallel, java.util.function.Consumer)}: every network of the ensemble, then the n-gram expert
 * and the temperature) on its rows of every global batch, with the gradients summed over the tasks by
 * the {@link Exchange} every step (a TCP ring by default). All tasks end with the same classifier; rank 0 writes the
 * checkpoints ({@code OUT/run}) and the classifier's folder ({@code OUT/model}).
 *
 * <p>Recovery: when a task fails, Spark fails the whole barrier stage and runs it again (up to
 * {@code spark.stage.maxConsecutiveAttempts} times); each task of the new attempt resumes from rank
 * 0's latest checkpoint in {@code OUT/run}, so {@code OUT} must be a folder every executor sees (a
 * shared file system; on a local master, any folder). Dropout masks are a function of (seed, rank,
 * step), so the resumed run ends with the same weights as an uninterrupted one.
 *
 * <p>The training data travel in the task closure (texts and labels as string arrays); the driver
 * reads them.
 */
final class ClassifierTrainingJob {

    /** The checkpoints and metric log under the output folder. */
    static final String RUN = "run";
    /** The trained classifier's folder under the output folder. */
    static final String MODEL = "model";

    private ClassifierTrainingJob() {
    }

    /**
     * What one task reports: rank 0's log lines and per-epoch training losses (of the first network),
     * and every rank's timings and a fingerprint of its classifier: a hash of the raw bits of its
     * probabilities for the dev texts, equal on all ranks when their classifiers are.
     */
    record TaskReport(int rank, List<String> log, List<Double> epochLosses, ReduceStats stats, long fingerprint)
            implements BarrierTraining.Ranked {
    }

    /**
     * Trains on {@code workers} tasks of one barrier stage, summing gradients by {@code exchange}, and returns
     * the tasks' reports in rank order.
     *
     * @throws org.apache.spark.SparkException (unchecked in Java) when the stage fails more often than
     *                                         Spark retries it
     */
    static List<TaskReport> run(SparkContext spark, List<LabeledText> train, List<LabeledText> dev,
                                ClassifierConfig config, Path out, int workers, Exchange exchange) {
        Worker worker = new Worker(texts(train), labels(train), texts(dev), labels(dev), new ShippedRecord<>(ClassifierConfig.class, config),
                out.toAbsolutePath().toString());
        return BarrierTraining.run(spark, workers, exchange, worker, TaskReport.class);
    }

    /** One worker's whole training. */
    private static final class Worker implements BarrierTraining.Worker<TaskReport> {

        private final String[] trainTexts;
        private final String[] trainLabels;
        private final String[] devTexts;
        private final String[] devLabels;
        private final ShippedRecord<ClassifierConfig> config;
        private final String out;

        Worker(String[] trainTexts, String[] trainLabels, String[] devTexts, String[] devLabels, ShippedRecord<ClassifierConfig> config,
               String out) {
            this.trainTexts = trainTexts;
            this.trainLabels = trainLabels;
            this.devTexts = devTexts;
            this.devLabels = devLabels;
            this.config = config;
            this.out = out;
        }

        @Override
        public TaskReport train(BarrierTaskContext context, GradientExchange exchange) {
            int rank = context.partitionId();
            DataParallel parallel = new DataParallel(rank, context.getTaskInfos().length, exchange);
            Path run = Path.of(out, RUN);
            // a retried stage (or a rerun) continues from rank 0's latest checkpoint
            boolean resume = Files.exists(run.resolve(Checkpoints.LATEST))
                    || Files.exists(run.resolve("member-0").resolve(Checkpoints.LATEST));
            List<String> log = new ArrayList<>();
            if (resume && rank == 0) {
                log.add("stage attempt " + context.stageAttemptNumber() + ": resuming from the checkpoints in " + run);
            }
            TextClassifier classifier = TextClassifier.train(examples(trainTexts, trainLabels),
                    examples(devTexts, devLabels), config.get(), null,
                    new TextClassifier.RunOptions(run, resume, true), parallel, rank == 0 ? log::add : line -> { });
            List<Double> losses = new ArrayList<>();
            if (rank == 0) {
                classifier.save(Path.of(out, MODEL));
                TrainingSummary summary = classifier.summary();
                for (EpochResult epoch : summary.epochs()) {
                    losses.add(epoch.trainLoss());
                }
            }
            return new TaskReport(rank, rank == 0 ? log : List.of(), losses, exchange.stats(),
                    fingerprint(classifier, devTexts));
        }
    }

    /** A hash of the raw bits of the classifier's probabilities for {@code texts}, in order. */
    static long fingerprint(TextClassifier classifier, String[] texts) {
        long hash = 1125899906842597L;
        for (Prediction p : classifier.predictAll(List.of(texts))) {
            for (double probability : p.probabilities().values()) {
                hash = 31 * hash + Double.doubleToRawLongBits(probability);
            }
        }
        return hash;
    }

    private static String[] texts(List<LabeledText> examples) {
        return examples.stream().map(LabeledText::text).toArray(String[]::new);
    }

    private static String[] labels(List<LabeledText> examples) {
        return examples.stream().map(LabeledText::label).toArray(String[]::new);
    }

    private static List<LabeledText> examples(String[] texts, String[] labels) {
        List<LabeledText> examples = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            examples.add(new LabeledText(texts[i], labels[i]));
        }
        return examples;
    }
}
