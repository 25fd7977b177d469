package dev.rnn4j.spark;

import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.nio.file.Path;
import java.util.List;

/**
 * A trained model as a Spark SQL function of one column, for queries:
 * <pre>{@code
 * PredictorUdf.register(spark, "sentiment", "models/sst2");
 * spark.sql("SELECT text, sentiment(text).prediction AS label FROM reviews");
 * }</pre>
 * For a text classifier the function gives {@code struct<prediction: string, probabilities: map<string, double>>},
 * for a forecaster {@code array<double>} (the next H values); null, a blank text or an empty series give null.
 *
 * <p>A SQL function sees one row per call, so it runs {@link Predictor#predict}, not the batch path: for large
 * tables {@link PredictorTransformer} is the faster way (labels are the same, probabilities agree to float
 * rounding). The model travels and is cached as for the transformer.
 */
public final class PredictorUdf {

    private PredictorUdf() {
    }

    /** Registers {@code name} for the model in {@code modelPath}, shipping the folder to the executors. */
    public static void register(SparkSession spark, String name, String modelPath) {
        register(spark, name, modelPath, true);
    }

    /**
     * Registers {@code name} for the model in {@code modelPath}.
     *
     * @param shipModel copy the folder to every executor (true), or have every executor read {@code modelPath}
     * @throws IllegalArgumentException if {@code name} is not a SQL identifier, the folder is not a model folder,
     *                                  or its task has no column mapping
     */
    public static void register(SparkSession spark, String name, String modelPath, boolean shipModel) {
        if (spark == null) {
            throw new IllegalArgumentException("spark: expected a Spark session, got null");
        }
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("name: expected a SQL function name (letters, digits, _), got " + name);
        }
        if (modelPath == null) {
            throw new IllegalArgumentException("modelPath: expected a trained model's folder, got null");
        }
        Path folder = Path.of(modelPath);
        String task;
        try {
            task = Predictors.task(folder);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("modelPath: " + e.getMessage(), e);
        }
        ColumnCodec<?, ?> codec = ColumnCodecs.forTask(task);
        ShippedModel model = shipModel ? ModelShipper.ship(spark.sparkContext(), folder) : ShippedModel.shared(folder);
        spark.udf().register(name, new RowFunction(name, model, task), returnType(codec));
    }

    /** One output column as it is; several as a struct of them. */
    static DataType returnType(ColumnCodec<?, ?> codec) {
        List<String> names = codec.defaultOutputColumns();
        List<DataType> types = codec.outputTypes();
        if (types.size() == 1) {
            return types.get(0);
        }
        StructField[] fields = new StructField[names.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = DataTypes.createStructField(names.get(i), types.get(i), true);
        }
        return DataTypes.createStructType(fields);
    }

    /** The function Spark calls per row; serialized to the tasks, so it holds only the model's whereabouts. */
    private static final class RowFunction implements UDF1<Object, Object> {

        private final String name;
        private final ShippedModel model;
        private final String task;

        RowFunction(String name, ShippedModel model, String task) {
            this.name = name;
            this.model = model;
            this.task = task;
        }

        @Override
        public Object call(Object cell) {
            try {
                return apply(ExecutorModels.predictor(model), ColumnCodecs.forTask(task), cell);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }

        // the predictor and the codec of one task agree on their types: ColumnCodecs maps each task to its codec
        @SuppressWarnings("unchecked")
        private static <I, O> Object apply(Predictor<?, ?> predictor, ColumnCodec<?, ?> codec, Object cell) {
            ColumnCodec<I, O> columns = (ColumnCodec<I, O>) codec;
            I input = columns.input(cell);
            if (input == null) {
                return null;
            }
            Object[] values = columns.columns(((Predictor<I, O>) predictor).predict(input));
            return values.length == 1 ? values[0] : RowFactory.create(values);
        }
    }
}
