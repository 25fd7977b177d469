package dev.rnn4j.spark;

import dev.rnn4j.predict.Predictor;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partition's rows, each with the model's output columns appended, computed as they are read: the rows are
 * taken {@code batchSize × threads} at a time, cut into chunks of {@code batchSize}, and each chunk's inputs go
 * through {@link Predictor#predictBatch} in one call; with {@code threads > 1} the chunks of one round run at
 * once (predictors are safe to call from several threads). A chunk's result depends only on its own rows, so
 * the thread count never changes a prediction.
 *
 * <p>Cells that give no input (null, blank text, empty series: {@link ColumnCodec#input}) get null outputs and
 * are not sent to the model. An input the model refuses fails the task with a message that names the row.
 *
 * @param <I> the predictor's input
 * @param <O> the predictor's output
 */
final class PredictedRows<I, O> implements Iterator<Row> {

    /** Threads for the extra chunks of a round; daemon threads, so an idle pool never holds a JVM open. */
    private static final ExecutorService CHUNK_THREADS = Executors.newCachedThreadPool(new DaemonThreads());

    private final Iterator<Row> input;
    private final Predictor<I, O> predictor;
    private final ColumnCodec<I, O> codec;
    private final int inputIndex;
    private final String inputColumn;
    private final int batchSize;
    private final int threads;
    private final int partition;

    private long rowsRead;
    private List<Row> ready = List.of();
    private int next;

    PredictedRows(Iterator<Row> input, Predictor<I, O> predictor, ColumnCodec<I, O> codec, int inputIndex,
                  String inputColumn, int batchSize, int threads) {
        this.input = input;
        this.predictor = predictor;
        this.codec = codec;
        this.inputIndex = inputIndex;
        this.inputColumn = inputColumn;
        this.batchSize = batchSize;
        this.threads = threads;
        TaskContext task = TaskContext.get();
        this.partition = task == null ? -1 : task.partitionId();
    }

    @Override
    public boolean hasNext() {
        while (next == ready.size()) {
            if (!input.hasNext()) {
                return false;
            }
            readRound();
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no rows left in partition " + partition);
        }
        return ready.get(next++);
    }

    /** Reads up to batchSize × threads rows and predicts them, chunk by chunk. */
    private void readRound() {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) batchSize * threads);
        List<Row> rows = new ArrayList<>(Math.min(capacity, 4096));
        while (rows.size() < capacity && input.hasNext()) {
            rows.add(input.next());
        }
        long first = rowsRead;
        rowsRead += rows.size();
        Object[][] outputs = new Object[rows.size()][];
        int chunks = (rows.size() + batchSize - 1) / batchSize;
        if (chunks == 1) {
            predictChunk(rows, 0, rows.size(), first, outputs);
        } else {
            List<Future<?>> others = new ArrayList<>(chunks - 1);
            for (int c = 1; c < chunks; c++) {
                int from = c * batchSize;
                int to = Math.min(rows.size(), from + batchSize);
                others.add(CHUNK_THREADS.submit(() -> predictChunk(rows, from, to, first, outputs)));
            }
            predictChunk(rows, 0, batchSize, first, outputs);
            for (Future<?> other : others) {
                await(other);
            }
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out.add(append(rows.get(r), outputs[r]));
        }
        ready = out;
        next = 0;
    }

    /** Predicts rows [from, to) of the round whose first row is row {@code first} of the partition. */
    private void predictChunk(List<Row> rows, int from, int to, long first, Object[][] outputs) {
        List<I> inputs = new ArrayList<>(to - from);
        int[] rowOf = new int[to - from];
        for (int r = from; r < to; r++) {
            I in;
            try {
                in = codec.input(rows.get(r).get(inputIndex));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where(first + r) + ": " + e.getMessage(), e);
            }
            if (in == null) {
                outputs[r] = codec.columns(null);
            } else {
                rowOf[inputs.size()] = r;
                inputs.add(in);
            }
        }
        if (inputs.isEmpty()) {
            return;
        }
        List<O> predictions = predict(inputs, rowOf, first);
        for (int k = 0; k < inputs.size(); k++) {
            outputs[rowOf[k]] = codec.columns(predictions.get(k));
        }
    }

    /** The batch's predictions; when the model refuses the batch, the error names the row at fault. */
    private List<O> predict(List<I> inputs, int[] rowOf, long first) {
        try {
            return predictor.predictBatch(inputs);
        } catch (IllegalArgumentException batchError) {
            for (int k = 0; k < inputs.size(); k++) {
                try {
                    predictor.predict(inputs.get(k));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where(first + rowOf[k]) + ": " + e.getMessage(), e);
                }
            }
            throw new IllegalArgumentException(where(first + rowOf[0]) + " to " + (first + rowOf[inputs.size() - 1])
                    + ": " + batchError.getMessage(), batchError);
        }
    }

    private String where(long row) {
        return "column '" + inputColumn + "', row " + row + " of partition " + partition;
    }

    private static Row append(Row row, Object[] outputs) {
        int n = row.length();
        Object[] values = new Object[n + outputs.length];
        for (int i = 0; i < n; i++) {
            values[i] = row.get(i);
        }
        System.arraycopy(outputs, 0, values, n, outputs.length);
        return RowFactory.create(values);
    }

    private static void await(Future<?> chunk) {
        try {
            chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a chunk's predictions", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "rnn4j-spark-chunk-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
