package dev.rnn4j.spark;

import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.global.GlobalForecastModel;
import dev.rnn4j.forecast.global.GlobalForecastOptions;
import dev.rnn4j.forecast.global.GlobalSeries;
import dev.rnn4j.forecast.global.PanelColumns;
import dev.rnn4j.train.Checkpoints;
import dev.rnn4j.train.DataParallel;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Synchronous data-parallel training of a global forecaster on a panel ({@link GlobalForecastModel}) in one
 * Spark barrier stage: every worker draws the same windows of every global batch (the draws are a function of
 * the seed and the epoch), computes its rows of it ({@link GlobalForecastModel#train(List, List,
 * GlobalForecastOptions, ForecastModel.TrainingRun, DataParallel)}), and the {@link Exchange} sums the
 * gradients every step. All tasks end with the same network; rank 0 writes the checkpoints ({@code OUT/run})
 * and the model folder ({@code OUT/model}, which {@code rnn4j forecast eval|predict --panel} load).
 *
 * <p>Recovery as in {@link ClassifierTrainingJob}: a failed task fails the stage, Spark runs it again and the
 * tasks resume from rank 0's latest checkpoint, so {@code OUT} must be a folder every executor sees. The series
 * (the training parts) travel in the task closure; the driver reads the panel.
 */
final class ForecastTrainingJob {

    /** The checkpoints and metric log under the output folder. */
    static final String RUN = "run";
    /** The trained model's folder under the output folder. */
    static final String MODEL = "model";

    private ForecastTrainingJob() {
    }

    /**
     * What one task reports: rank 0's log lines, every rank's timings, and a fingerprint of its network (a hash
     * of the raw bits of its forecasts for the training series, equal on all ranks when their networks are).
     */
    record TaskReport(int rank, List<String> log, ReduceStats stats, long fingerprint)
            implements BarrierTraining.Ranked {
    }

    /**
     * Trains on {@code workers} tasks of one barrier stage and returns the tasks' reports in rank order.
     *
     * @param training the training parts of the series (nothing after them is read)
     * @param columns  the panel's columns, saved with the model so that it reads panel files itself
     * @throws org.apache.spark.SparkException (unchecked in Java) when the stage fails more often than
     *                                         Spark retries it
     */
    static List<TaskReport> run(SparkContext spark, List<GlobalSeries> training, PanelColumns columns,
                                GlobalForecastOptions options, Path out, int workers, Exchange exchange) {
        List<ShippedRecord<GlobalSeries>> series = new ArrayList<>(training.size());
        for (GlobalSeries s : training) {
            series.add(new ShippedRecord<>(GlobalSeries.class, s));
        }
        Worker worker = new Worker(series, new ShippedRecord<>(PanelColumns.class, columns),
                new ShippedRecord<>(GlobalForecastOptions.class, options), out.toAbsolutePath().toString());
        return BarrierTraining.run(spark, workers, exchange, worker, TaskReport.class);
    }

    /** One worker's whole training. */
    private static final class Worker implements BarrierTraining.Worker<TaskReport> {

        private final List<ShippedRecord<GlobalSeries>> series;
        private final ShippedRecord<PanelColumns> columns;
        private final ShippedRecord<GlobalForecastOptions> options;
        private final String out;

        Worker(List<ShippedRecord<GlobalSeries>> series, ShippedRecord<PanelColumns> columns,
               ShippedRecord<GlobalForecastOptions> options, String out) {
            this.series = series;
            this.columns = columns;
            this.options = options;
            this.out = out;
        }

        @Override
        public TaskReport train(BarrierTaskContext context, GradientExchange exchange) throws IOException {
            int rank = context.partitionId();
            DataParallel parallel = new DataParallel(rank, context.getTaskInfos().length, exchange);
            Path run = Path.of(out, RUN);
            // a retried stage (or a rerun) continues from rank 0's latest checkpoint
            boolean resume = Files.exists(run.resolve(Checkpoints.LATEST));
            List<GlobalSeries> training = series.stream().map(ShippedRecord::get).toList();
            PanelColumns panelColumns = columns.get();
            ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
            List<String> log = new ArrayList<>();
            if (resume && rank == 0) {
                log.add("stage attempt " + context.stageAttemptNumber() + ": resuming from the checkpoints in " + run);
            }
            GlobalForecastModel model;
            try (PrintStream logStream = new PrintStream(logBytes, true, StandardCharsets.UTF_8)) {
                model = GlobalForecastModel.train(training, panelColumns.covariates(), options.get(),
                        new ForecastModel.TrainingRun(run, resume, rank == 0 ? logStream : null, true), parallel)
                        .withColumns(panelColumns);
            }
            if (rank == 0) {
                log.addAll(logBytes.toString(StandardCharsets.UTF_8).lines().toList());
                model.save(Path.of(out, MODEL));
            }
            return new TaskReport(rank, log, exchange.stats(), fingerprint(model, training));
        }
    }

    /** A hash of the raw bits of the model's forecasts after each of {@code series}, in order. */
    static long fingerprint(GlobalForecastModel model, List<GlobalSeries> series) {
        long hash = 1125899906842597L;
        for (double[] forecast : model.forecast(series)) {
            for (double value : forecast) {
                hash = 31 * hash + Double.doubleToRawLongBits(value);
            }
        }
        return hash;
    }
}
