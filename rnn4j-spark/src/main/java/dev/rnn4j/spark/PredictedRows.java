package dev.rnn4j.spark;

import dev.rnn4j.predict.Predictor;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partition's rows, each with the model's output columns appended, computed as they are read. The rows are
 * taken a window at a time; the window's inputs are cut into batches of at most {@code batchSize}, and each
 * batch goes through {@link Predictor#predictBatch} in one call; with {@code threads > 1} that many batches run
 * at once (predictors are safe to call from several threads). The rows come out in the order they came in.
 *
 * <p>When the codec {@linkplain ColumnCodec#groupsByLength groups by length} (texts), a window holds
 * {@code sortWindow} rows (at least {@code batchSize × threads}), and its inputs are sorted by
 * {@linkplain ColumnCodec#length length} (stable) before they are cut, so each batch holds texts of about one
 * length: a padded batch then runs as many steps as its longest text needs with nearly all its rows active, as
 * in the single-process batch path, which sorts all of its texts (BENCHMARKS.md, "Scoring a large file on
 * Spark"); a window whose inputs fit in one batch goes to the model in read order. For other codecs (series)
 * a window holds {@code batchSize × threads} rows, cut in read order.
 *
 * <p>A batch's result depends only on its own rows, so neither the thread count nor the order of the batches
 * changes a prediction; which rows share a batch may change the last bits of a probability (the kernels may sum
 * in another order for another batch size), never more: padding never reaches a state.
 *
 * <p>Cells that give no input (null, blank text, empty series: {@link ColumnCodec#input}) get null outputs and
 * are not sent to the model. An input the model refuses fails the task with a message that names the row.
 *
 * @param <I> the predictor's input
 * @param <O> the predictor's output
 */
final class PredictedRows<I, O> implements Iterator<Row> {

    /** Threads for the extra batches of a window; daemon threads, so an idle pool never holds a JVM open. */
    private static final ExecutorService BATCH_THREADS = Executors.newCachedThreadPool(new DaemonThreads());

    private final Iterator<Row> input;
    private final Predictor<I, O> predictor;
    private final ColumnCodec<I, O> codec;
    private final int inputIndex;
    private final String inputColumn;
    private final int batchSize;
    private final int threads;
    private final int windowRows;
    private final int partition;

    private long rowsRead;
    private List<Row> ready = List.of();
    private int next;

    /**
     * @param batchSize  inputs per call of {@link Predictor#predictBatch}, &gt;= 1
     * @param threads    batches predicted at once, &gt;= 1
     * @param sortWindow rows read and sorted by length together when the codec groups by length, &gt;= 1
     */
    PredictedRows(Iterator<Row> input, Predictor<I, O> predictor, ColumnCodec<I, O> codec, int inputIndex,
                  String inputColumn, int batchSize, int threads, int sortWindow) {
        this.input = input;
        this.predictor = predictor;
        this.codec = codec;
        this.inputIndex = inputIndex;
        this.inputColumn = inputColumn;
        this.batchSize = batchSize;
        this.threads = threads;
        long round = (long) batchSize * threads;
        long window = codec.groupsByLength() ? Math.max(sortWindow, round) : round;
        this.windowRows = (int) Math.min(Integer.MAX_VALUE - 8, window);
        TaskContext task = TaskContext.get();
        this.partition = task == null ? -1 : task.partitionId();
    }

    @Override
    public boolean hasNext() {
        while (next == ready.size()) {
            if (!input.hasNext()) {
                return false;
            }
            readWindow();
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

    /** Reads up to windowRows rows and predicts them, batch by batch. */
    private void readWindow() {
        List<Row> rows = new ArrayList<>(Math.min(windowRows, 4096));
        while (rows.size() < windowRows && input.hasNext()) {
            rows.add(input.next());
        }
        long first = rowsRead;
        rowsRead += rows.size();
        Object[][] outputs = new Object[rows.size()][];
        List<I> inputs = new ArrayList<>(rows.size());
        int[] rowOf = new int[rows.size()]; // inputs[k] is the cell of rows[rowOf[k]]
        for (int r = 0; r < rows.size(); r++) {
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
        if (!inputs.isEmpty()) {
            predictAll(batches(inputs), inputs, rowOf, first, outputs);
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out.add(append(rows.get(r), outputs[r]));
        }
        ready = out;
        next = 0;
    }

    /**
     * The window's inputs cut into batches, each an array of indices into {@code inputs}: in read order, or
     * sorted by length first (stable) when the codec groups by length and the inputs fill more than one batch.
     */
    private List<int[]> batches(List<I> inputs) {
        int n = inputs.size();
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        if (n > batchSize && codec.groupsByLength()) {
            int[] lengths = new int[n];
            for (int k = 0; k < n; k++) {
                lengths[k] = codec.length(inputs.get(k));
            }
            Arrays.sort(order, Comparator.comparingInt(k -> lengths[k]));
        }
        List<int[]> batches = new ArrayList<>((n + batchSize - 1) / batchSize);
        for (int from = 0; from < n; from += batchSize) {
            int[] batch = new int[Math.min(batchSize, n - from)];
            for (int b = 0; b < batch.length; b++) {
                batch[b] = order[from + b];
            }
            batches.add(batch);
        }
        return batches;
    }

    /** Predicts every batch, {@code threads} at once (this thread among them), each taking the next batch left. */
    private void predictAll(List<int[]> batches, List<I> inputs, int[] rowOf, long first, Object[][] outputs) {
        AtomicInteger nextBatch = new AtomicInteger();
        Runnable worker = () -> {
            for (int b = nextBatch.getAndIncrement(); b < batches.size(); b = nextBatch.getAndIncrement()) {
                predictBatch(batches.get(b), inputs, rowOf, first, outputs);
            }
        };
        int helpers = Math.min(threads, batches.size()) - 1;
        List<Future<?>> others = new ArrayList<>(helpers);
        for (int t = 0; t < helpers; t++) {
            others.add(BATCH_THREADS.submit(worker));
        }
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            nextBatch.set(batches.size()); // the helpers stop after the batch they are on
            for (Future<?> other : others) {
                try {
                    await(other);
                } catch (RuntimeException | Error second) {
                    e.addSuppressed(second);
                }
            }
            throw e;
        }
        for (Future<?> other : others) {
            await(other);
        }
    }

    /** Predicts the inputs of one batch (indices into {@code inputs}) into their rows' outputs. */
    private void predictBatch(int[] batch, List<I> inputs, int[] rowOf, long first, Object[][] outputs) {
        List<I> batchInputs = new ArrayList<>(batch.length);
        int[] batchRows = new int[batch.length];
        for (int b = 0; b < batch.length; b++) {
            batchInputs.add(inputs.get(batch[b]));
            batchRows[b] = rowOf[batch[b]];
        }
        List<O> predictions = predict(batchInputs, batchRows, first);
        for (int b = 0; b < batch.length; b++) {
            outputs[batchRows[b]] = codec.columns(predictions.get(b));
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
            throw new IllegalArgumentException(where(first + rowOf[0]) + " and " + (inputs.size() - 1)
                    + " other rows of its batch: " + batchError.getMessage(), batchError);
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

    private static void await(Future<?> batch) {
        try {
            batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch's predictions", e);
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
            Thread thread = new Thread(work, "rnn4j-spark-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
