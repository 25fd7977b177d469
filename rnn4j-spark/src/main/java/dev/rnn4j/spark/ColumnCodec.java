package dev.rnn4j.spark;

import org.apache.spark.sql.types.DataType;

import java.util.List;

/**
 * The seam between Spark columns and one task's {@link dev.rnn4j.predict.Predictor}: which column types a
 * model reads, the cell of such a column as the predictor's input, and a prediction as output column values.
 * Spark's side of what the server's JSON codecs are for HTTP. Implementations are stateless and safe to call
 * from several threads at once.
 *
 * @param <I> the predictor's input, e.g. a text
 * @param <O> the predictor's output, e.g. a label with its probabilities
 */
interface ColumnCodec<I, O> {

    /** The {@code task} of the model folders this codec maps, e.g. {@code text-classification}. */
    String task();

    /** The input column's type in words, for errors, e.g. "a string (the text)". */
    String expectedInput();

    /** Whether a column of {@code type} can be the input. */
    boolean accepts(DataType type);

    /** The names of the output columns when the caller gives none, e.g. {@code prediction, probability}. */
    List<String> defaultOutputColumns();

    /** The types of the output columns, in the order of {@link #defaultOutputColumns()}; all nullable. */
    List<DataType> outputTypes();

    /**
     * The input of one cell of an accepted column, or null when the cell gives no prediction (a null cell,
     * a text of white space only, an empty series).
     *
     * @throws IllegalArgumentException if the cell cannot be an input (the message says why)
     */
    I input(Object cell);

    /**
     * Whether an input's cost in a padded batch grows with its {@link #length}, so that a task gains by reading
     * a window of rows and batching inputs of similar length together (texts); false when the model reads
     * inputs of one size (a forecaster reads a fixed lookback of every series).
     */
    boolean groupsByLength();

    /**
     * The length that sets what {@code input} costs in a padded batch, e.g. a text's word count, when
     * {@link #groupsByLength}. It only orders rows before batching, so an estimate serves: it never changes a
     * prediction.
     */
    int length(I input);

    /**
     * The output column values of one prediction, in the order of {@link #outputTypes()}, as Spark's row
     * encoder takes them (Scala maps, Java arrays); {@code prediction} null gives nulls.
     */
    Object[] columns(O prediction);
}
