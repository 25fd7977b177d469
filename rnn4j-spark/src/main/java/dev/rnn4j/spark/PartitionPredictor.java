package dev.rnn4j.spark;

import dev.rnn4j.predict.Predictor;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

import java.util.Iterator;

/**
 * The function each task runs over its partition: the model of this executor ({@link ExecutorModels}), the
 * task's {@link ColumnCodec}, and the partition's rows with the predictions appended ({@link PredictedRows}).
 * Serialized to every task, so it holds only where the model is and the settings.
 */
final class PartitionPredictor implements MapPartitionsFunction<Row, Row> {

    private final ShippedModel model;
    private final String task;
    private final int inputIndex;
    private final String inputColumn;
    private final int batchSize;
    private final int threads;
    private final int sortWindow;

    /**
     * @param task        the model's task as the driver read it from {@code config.json}
     * @param inputIndex  the input column's index in the rows
     * @param inputColumn the input column's name, for messages
     * @param batchSize   inputs per call of {@link Predictor#predictBatch}, &gt;= 1
     * @param threads     batches predicted at once in a task, &gt;= 1
     * @param sortWindow  rows a task reads and sorts by length before cutting batches (texts), &gt;= 1
     */
    PartitionPredictor(ShippedModel model, String task, int inputIndex, String inputColumn, int batchSize,
                       int threads, int sortWindow) {
        this.model = model;
        this.task = task;
        this.inputIndex = inputIndex;
        this.inputColumn = inputColumn;
        this.batchSize = batchSize;
        this.threads = threads;
        this.sortWindow = sortWindow;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Predictor<?, ?> predictor = ExecutorModels.predictor(model);
        String loaded = predictor.describe().task();
        if (!loaded.equals(task)) {
            throw new IllegalStateException("model folder " + model.driverPath() + ": the executor's copy is a "
                    + loaded + " model, the driver's a " + task + " model");
        }
        return rows(predictor, ColumnCodecs.forTask(task), rows);
    }

    // the predictor and the codec of one task agree on their types: ColumnCodecs maps each task to its codec
    @SuppressWarnings("unchecked")
    private <I, O> Iterator<Row> rows(Predictor<?, ?> predictor, ColumnCodec<?, ?> codec, Iterator<Row> rows) {
        return new PredictedRows<>(rows, (Predictor<I, O>) predictor, (ColumnCodec<I, O>) codec, inputIndex,
                inputColumn, batchSize, threads, sortWindow);
    }
}
