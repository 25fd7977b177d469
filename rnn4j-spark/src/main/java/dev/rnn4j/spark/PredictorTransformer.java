package dev.rnn4j.spark;

import dev.rnn4j.predict.Predictors;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A Spark ML {@link Transformer} that appends a trained model's predictions to a data set, for any model folder
 * that {@link Predictors#load} loads and this module maps to columns: a text classifier (a string column in;
 * {@code prediction}, the label, and {@code probabilities}, label to probability, out) or a forecaster (an
 * array-of-numbers column in, each a series' recent values; {@code forecast}, the next H values, out).
 * <pre>{@code
 * Dataset<Row> scored = new PredictorTransformer()
 *         .setModelPath("models/sst2").setInputCol("text")
 *         .transform(reviews);   // + prediction: string, probabilities: map<string, double>
 * }</pre>
 *
 * <p>Each task loads the model once per executor JVM ({@link ExecutorModels}) and runs its partition through
 * {@link dev.rnn4j.predict.Predictor#predictBatch} in batches of {@code batchSize} rows, {@code threadsPerTask}
 * batches at once; for a text classifier it reads {@code sortWindow} rows at a time and sorts them by length
 * before cutting the batches, so that each batch pads little ({@link PredictedRows}). The rows keep their order. With {@code shipModel} on (the default) the driver zips the folder and broadcasts it, so each
 * executor receives and unpacks it once ({@link ModelShipper}); off, every executor reads {@code modelPath}
 * itself. The kernels' own
 * thread count is the JVM-wide {@code rnn4j.threads} property (set it to 1 on executors whose task slots fill
 * the cores: {@code spark.executor.extraJavaOptions=-Drnn4j.threads=1}).
 *
 * <p>A null cell, a text of white space only and an empty series give null outputs, not a failed job. A column
 * that is missing or of the wrong type, a folder that is not a model, or a model task without a column mapping
 * fail {@link #transformSchema} (so {@link #transform} and {@code Pipeline.fit}) with a message naming the
 * parameter; an input the model refuses fails the job naming the row.
 *
 * <p>Saved with a pipeline ({@code write().save(path)}, {@code PipelineModel.save}), it keeps its parameters,
 * the model path among them, not the model: the folder must still be there when the pipeline is loaded.
 */
public final class PredictorTransformer extends Transformer implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    /**
     * Rows sorted by length together by default: SST-2's 2 to 56 words spread over 32 batches of 256, so a batch
     * spans about two lengths; a few MB of rows per task.
     */
    static final int DEFAULT_SORT_WINDOW = 8192;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final StringArrayParam outputCols;
    private final IntParam batchSize;
    private final IntParam threadsPerTask;
    private final IntParam sortWindow;
    private final BooleanParam shipModel;

    /** A transformer with a random uid. */
    public PredictorTransformer() {
        this("rnn4jPredictor_" + UUID.randomUUID().toString().substring(24));
    }

    /** A transformer with the given uid (Spark's {@code copy} and persistence use this). */
    public PredictorTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "the trained model's folder (with its config.json)");
        inputCol = new Param<>(this, "inputCol", "the column the model reads: a string column for text"
                + " classifiers, an array of numbers per row for forecasters");
        outputCols = new StringArrayParam(this, "outputCols", "names of the columns added: for text classifiers"
                + " the label and the probabilities (default prediction, probabilities), for forecasters the"
                + " forecast (default forecast)");
        batchSize = new IntParam(this, "batchSize", "rows per call of the model's batch path (>= 1)",
                ParamValidators.gtEq(1));
        threadsPerTask = new IntParam(this, "threadsPerTask", "batches of batchSize rows predicted at once in one"
                + " task (>= 1)", ParamValidators.gtEq(1));
        sortWindow = new IntParam(this, "sortWindow", "rows a task reads at a time and sorts by length before"
                + " cutting them into batches, for models whose inputs vary in length (texts); at least batchSize"
                + " x threadsPerTask are read (>= 1)", ParamValidators.gtEq(1));
        shipModel = new BooleanParam(this, "shipModel", "copy the model folder to every executor as a broadcast"
                + " zip (true), or have every executor read modelPath itself (false)");
        setDefault(batchSize, 256);
        setDefault(threadsPerTask, 1);
        setDefault(sortWindow, DEFAULT_SORT_WINDOW);
        setDefault(shipModel, true);
    }

    /** The reader of saved transformers; Spark's {@code Pipeline.load} finds it by this name. */
    public static MLReader<PredictorTransformer> read() {
        return new DefaultParamsReader<>();
    }

    /** The transformer saved at {@code path} by {@code write().save(path)}. */
    public static PredictorTransformer load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The {@code modelPath} parameter: the trained model's folder. */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** The {@code inputCol} parameter: the column the model reads. */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** The {@code outputCols} parameter: the names of the added columns. */
    public StringArrayParam outputCols() {
        return outputCols;
    }

    /** The {@code batchSize} parameter: rows per call of the model's batch path (default 256). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** The {@code threadsPerTask} parameter: batches predicted at once in one task (default 1). */
    public IntParam threadsPerTask() {
        return threadsPerTask;
    }

    /** The {@code sortWindow} parameter: rows a task sorts by length together (default 8192). */
    public IntParam sortWindow() {
        return sortWindow;
    }

    /** The {@code shipModel} parameter: whether Spark copies the folder to the executors (default true). */
    public BooleanParam shipModel() {
        return shipModel;
    }

    public PredictorTransformer setModelPath(String value) {
        set(modelPath, value);
        return this;
    }

    public PredictorTransformer setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public PredictorTransformer setOutputCols(String... value) {
        set(outputCols, value);
        return this;
    }

    public PredictorTransformer setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public PredictorTransformer setThreadsPerTask(int value) {
        set(threadsPerTask, value);
        return this;
    }

    public PredictorTransformer setSortWindow(int value) {
        set(sortWindow, value);
        return this;
    }

    public PredictorTransformer setShipModel(boolean value) {
        set(shipModel, value);
        return this;
    }

    /**
     * The input schema with the output columns appended (all nullable).
     *
     * @throws IllegalArgumentException if {@code modelPath} or {@code inputCol} is unset, the folder is not a
     *                                  model folder, its task has no column mapping, the input column is missing
     *                                  or of another type, or an output column name is taken or missing
     */
    @Override
    public StructType transformSchema(StructType schema) {
        return plan(schema).output;
    }

    /**
     * The data set with the model's output columns appended, computed lazily as Spark computes partitions.
     *
     * @throws IllegalArgumentException as {@link #transformSchema} does
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Plan plan = plan(dataset.schema());
        Path folder = Path.of(getOrDefault(modelPath));
        ShippedModel model = (Boolean) getOrDefault(shipModel)
                ? ModelShipper.ship(dataset.sparkSession().sparkContext(), folder)
                : ShippedModel.shared(folder);
        PartitionPredictor predict = new PartitionPredictor(model, plan.codec.task(), plan.inputIndex,
                getOrDefault(inputCol), (Integer) getOrDefault(batchSize), (Integer) getOrDefault(threadsPerTask),
                (Integer) getOrDefault(sortWindow));
        return dataset.toDF().mapPartitions(predict, Encoders.row(plan.output));
    }

    @Override
    public PredictorTransformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** What a schema and the parameters give: the codec, the input column's index and the output schema. */
    private record Plan(ColumnCodec<?, ?> codec, int inputIndex, StructType output) {
    }

    private Plan plan(StructType schema) {
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("modelPath: not set; expected a trained model's folder");
        }
        if (!isDefined(inputCol)) {
            throw new IllegalArgumentException("inputCol: not set; expected the name of the column the model reads");
        }
        String task;
        try {
            task = Predictors.task(Path.of(getOrDefault(modelPath)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("modelPath: " + e.getMessage(), e);
        }
        ColumnCodec<?, ?> codec = ColumnCodecs.forTask(task);
        String input = getOrDefault(inputCol);
        List<String> columns = Arrays.asList(schema.fieldNames());
        int index = columns.indexOf(input);
        if (index < 0) {
            throw new IllegalArgumentException("inputCol: no column '" + input + "' in the data (its columns: "
                    + String.join(", ", columns) + ")");
        }
        DataType type = schema.fields()[index].dataType();
        if (!codec.accepts(type)) {
            throw new IllegalArgumentException("inputCol: column '" + input + "' is " + type.simpleString()
                    + ", but a " + task + " model reads " + codec.expectedInput());
        }
        List<String> names = isDefined(outputCols) ? Arrays.asList(getOrDefault(outputCols))
                : codec.defaultOutputColumns();
        List<DataType> types = codec.outputTypes();
        if (names.size() != types.size()) {
            throw new IllegalArgumentException("outputCols: a " + task + " model gives " + types.size()
                    + " columns (" + String.join(", ", codec.defaultOutputColumns()) + "), got " + names.size()
                    + " names " + names);
        }
        StructType output = schema;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank() || Arrays.asList(output.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("outputCols: '" + name + "' is "
                        + (name == null || name.isBlank() ? "not a column name" : "already a column of the data")
                        + "; name the outputs with setOutputCols");
            }
            output = output.add(DataTypes.createStructField(name, types.get(i), true));
        }
        return new Plan(codec, index, output);
    }
}
