package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.classify.Prediction;
import dev.rnn4j.forecast.Forecast;
import dev.rnn4j.forecast.ForecastRequest;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The transformer on {@code local[2]}: the same predictions as the model in one process, for a classifier and a
 * forecaster, whatever the partitions, chunk size and threads; null and blank inputs give null outputs; each
 * executor JVM loads a model once; and every bad input fails with a message that says what is wrong.
 */
class PredictorTransformerTest {

    @TempDir
    Path dir;

    private static final StructType TEXTS = new StructType().add("id", DataTypes.IntegerType)
            .add("text", DataTypes.StringType);
    private static final StructType SERIES = new StructType().add("id", DataTypes.IntegerType)
            .add("values", DataTypes.createArrayType(DataTypes.DoubleType));

    /**
     * Texts with ids 0..n-1, then a null, an empty and a blank text, in {@code partitions} partitions (one
     * partition keeps the rows in this order: coalesced, not shuffled).
     */
    private static Dataset<Row> texts(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        rows.add(RowFactory.create(texts.size(), null));
        rows.add(RowFactory.create(texts.size() + 1, ""));
        rows.add(RowFactory.create(texts.size() + 2, " \t "));
        Dataset<Row> data = SparkTests.spark().createDataFrame(rows, TEXTS);
        return partitions == 1 ? data.coalesce(1) : data.repartition(partitions);
    }

    /** Rows sorted by their id column (column 0). */
    private static List<Row> byId(Dataset<Row> rows) {
        List<Row> out = new ArrayList<>(rows.collectAsList());
        out.sort(Comparator.comparingInt(r -> r.getInt(0)));
        return out;
    }

    private static Map<String, Object> map(Row row, int column) {
        return CollectionConverters.asJava(row.<String, Object>getMap(column));
    }

    @Test
    void classifierGivesTheSingleProcessPredictionsForAnyPartitioningChunkingAndThreads() {
        Path model = SparkTests.classifier();
        List<String> texts = SparkTests.texts(300, 11);
        @SuppressWarnings("unchecked")
        Predictor<String, Prediction> local = (Predictor<String, Prediction>) Predictors.load(model);
        List<Prediction> expected = local.predictBatch(texts);

        // {partitions, batch size, threads per task}; the first puts every text in one batch, the same call
        // as in one process, so the same bits; the others change the batches the kernels see, which may
        // change the order of a sum and so the last bits of a probability, never a label
        int[][] settings = {{1, 1024, 1}, {3, 16, 1}, {4, 7, 3}, {2, 256, 2}};
        for (int[] s : settings) {
            PredictorTransformer transformer = new PredictorTransformer().setModelPath(model.toString())
                    .setInputCol("text").setBatchSize(s[1]).setThreadsPerTask(s[2]);
            List<Row> rows = byId(transformer.transform(texts(texts, s[0])));
            String setting = "partitions " + s[0] + ", batch " + s[1] + ", threads " + s[2];
            assertEquals(texts.size() + 3, rows.size(), setting);
            for (int i = 0; i < texts.size(); i++) {
                Row row = rows.get(i);
                String where = setting + ", row " + i;
                assertEquals(texts.get(i), row.getString(1));
                assertEquals(expected.get(i).label(), row.getString(2), where);
                Map<String, Object> probabilities = map(row, 3);
                if (s[0] == 1 && s[1] >= rows.size()) {
                    assertEquals(expected.get(i).probabilities(), probabilities, where);
                } else {
                    assertEquals(expected.get(i).probabilities().keySet(), probabilities.keySet(), where);
                    expected.get(i).probabilities().forEach((label, p) ->
                            assertEquals(p, (Double) probabilities.get(label), 1e-6, where + ", " + label));
                }
            }
        }
    }

    @Test
    void aPartitionOfShuffledLengthsGivesTheRowByRowPredictions() {
        Path model = SparkTests.classifier();
        @SuppressWarnings("unchecked")
        Predictor<String, Prediction> local = (Predictor<String, Prediction>) Predictors.load(model);
        // texts of 1 to 30 words in random order, so every window is sorted and cut into batches of mixed rows
        java.util.Random random = new java.util.Random(18);
        List<String> texts = new ArrayList<>();
        for (String text : SparkTests.texts(200, 18)) {
            StringBuilder longer = new StringBuilder(text);
            int extra = random.nextInt(3) == 0 ? 0 : random.nextInt(22);
            for (int w = 0; w < extra; w++) {
                longer.append(' ').append(SparkTests.FILLER[random.nextInt(SparkTests.FILLER.length)]);
            }
            texts.add(random.nextInt(8) == 0 ? text.split(" ")[0] : longer.toString());
        }
        PredictorTransformer transformer = new PredictorTransformer().setModelPath(model.toString())
                .setInputCol("text").setBatchSize(8).setThreadsPerTask(2).setSortWindow(64);
        List<Row> rows = byId(transformer.transform(texts(texts, 1)));
        assertEquals(texts.size() + 3, rows.size());
        for (int i = 0; i < texts.size(); i++) {
            Prediction expected = local.predict(texts.get(i));
            String where = "row " + i + " (" + texts.get(i) + ")";
            assertEquals(texts.get(i), rows.get(i).getString(1), where);
            assertEquals(expected.label(), rows.get(i).getString(2), where);
            Map<String, Object> probabilities = map(rows.get(i), 3);
            assertEquals(expected.probabilities().keySet(), probabilities.keySet(), where);
            expected.probabilities().forEach((label, p) ->
                    assertEquals(p, (Double) probabilities.get(label), 1e-6, where + ", " + label));
        }
    }

    @Test
    void nullEmptyAndBlankTextsGiveANullPredictionNotAFailedJob() {
        List<String> texts = SparkTests.texts(5, 12);
        List<Row> rows = byId(new PredictorTransformer().setModelPath(SparkTests.classifier().toString())
                .setInputCol("text").setBatchSize(2).transform(texts(texts, 2)));
        for (int i = 0; i < texts.size(); i++) {
            assertNotNull(rows.get(i).get(2));
        }
        for (int i = texts.size(); i < texts.size() + 3; i++) {
            assertTrue(rows.get(i).isNullAt(2), "prediction of row " + i);
            assertTrue(rows.get(i).isNullAt(3), "probabilities of row " + i);
        }
    }

    @Test
    void forecasterGivesTheSingleProcessForecastsAndNullForNullOrEmptySeries() {
        Path model = SparkTests.forecaster();
        List<double[]> histories = SparkTests.histories(40, 21);
        @SuppressWarnings("unchecked")
        Predictor<ForecastRequest, Forecast> local = (Predictor<ForecastRequest, Forecast>) Predictors.load(model);
        List<Forecast> expected = local.predictBatch(histories.stream().map(ForecastRequest::of).toList());

        List<Row> input = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            input.add(RowFactory.create(i, Arrays.stream(histories.get(i)).boxed().toList().toArray()));
        }
        input.add(RowFactory.create(histories.size(), null));
        input.add(RowFactory.create(histories.size() + 1, new Double[0]));
        Dataset<Row> data = SparkTests.spark().createDataFrame(input, SERIES);

        // one chunk of the same histories as in one process: the same bits; chunks of 8 histories on three
        // partitions, two chunks at once: the same forecasts to float rounding
        for (int[] s : new int[][] {{1, 64, 1}, {3, 8, 2}}) {
            List<Row> rows = byId(new PredictorTransformer().setModelPath(model.toString()).setInputCol("values")
                    .setBatchSize(s[1]).setThreadsPerTask(s[2]).transform(s[0] == 1 ? data.coalesce(1) : data.repartition(s[0])));
            assertEquals(List.of("id", "values", "forecast"), Arrays.asList(rows.get(0).schema().fieldNames()));
            for (int i = 0; i < histories.size(); i++) {
                List<Double> got = rows.get(i).getList(2);
                assertEquals(SparkTests.HORIZON, got.size());
                double[] want = expected.get(i).values();
                for (int h = 0; h < want.length; h++) {
                    double tolerance = s[0] == 1 ? 0 : 1e-5 * Math.max(1, Math.abs(want[h]));
                    assertEquals(want[h], got.get(h), tolerance, "partitions " + s[0] + ", series " + i + ", step " + h);
                }
            }
            assertTrue(rows.get(histories.size()).isNullAt(2));
            assertTrue(rows.get(histories.size() + 1).isNullAt(2));
        }
    }

    @Test
    void worksAsAPipelineStageWithOutputColumnsOfItsOwnAndIsSavedWithThePipeline() throws Exception {
        List<String> texts = SparkTests.texts(20, 13);
        PredictorTransformer transformer = new PredictorTransformer().setModelPath(SparkTests.classifier().toString())
                .setInputCol("text").setOutputCols("label", "scores").setBatchSize(4);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {transformer});
        Dataset<Row> data = texts(texts, 2);
        PipelineModel fitted = pipeline.fit(data);
        List<Row> viaPipeline = byId(fitted.transform(data));
        List<Row> direct = byId(transformer.transform(data));
        assertEquals(List.of("id", "text", "label", "scores"), Arrays.asList(viaPipeline.get(0).schema().fieldNames()));
        assertEquals(direct, viaPipeline);

        String saved = dir.resolve("pipeline").toString();
        fitted.write().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);
        PredictorTransformer stage = (PredictorTransformer) loaded.stages()[0];
        assertEquals(4, stage.getOrDefault(stage.batchSize()));
        assertEquals(transformer.uid(), stage.uid());
        assertEquals(direct, byId(loaded.transform(data)));
        // a copy with extra parameters is a transformer of its own
        PredictorTransformer copy = transformer.copy(new org.apache.spark.ml.param.ParamMap()
                .put(transformer.batchSize(), 3));
        assertEquals(3, copy.getOrDefault(copy.batchSize()));
        assertEquals(4, transformer.getOrDefault(transformer.batchSize()));
        assertEquals(transformer.uid(), copy.uid());
    }

    @Test
    void eachExecutorJvmLoadsTheModelOnceForAllItsTasks() {
        Path model = SparkTests.copyOf(SparkTests.classifier(), "loaded-once");
        int before = ExecutorModels.loads();
        PredictorTransformer transformer = new PredictorTransformer().setModelPath(model.toString())
                .setInputCol("text").setBatchSize(5);
        assertEquals(103, transformer.transform(texts(SparkTests.texts(100, 14), 4)).count());
        assertEquals(103, transformer.transform(texts(SparkTests.texts(100, 15), 3)).count());
        // local[2]: one executor, the driver's JVM; 7 tasks in two jobs, one load
        assertEquals(before + 1, ExecutorModels.loads());
    }

    @Test
    void aMissingOrMistypedColumnIsAClearError() {
        PredictorTransformer transformer = new PredictorTransformer().setModelPath(SparkTests.classifier().toString())
                .setInputCol("review");
        Dataset<Row> data = texts(List.of("a fine film"), 1);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> transformer.transform(data));
        assertEquals("inputCol: no column 'review' in the data (its columns: id, text)", missing.getMessage());

        IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class,
                () -> transformer.setInputCol("id").transform(data));
        assertEquals("inputCol: column 'id' is int, but a text-classification model reads a string (the text)",
                mistyped.getMessage());

        PredictorTransformer forecaster = new PredictorTransformer().setModelPath(SparkTests.forecaster().toString())
                .setInputCol("text");
        IllegalArgumentException series = assertThrows(IllegalArgumentException.class,
                () -> forecaster.transform(data));
        assertTrue(series.getMessage().contains("column 'text' is string, but a forecast model reads an array of"
                + " numbers"), series.getMessage());

        IllegalArgumentException outputs = assertThrows(IllegalArgumentException.class,
                () -> new PredictorTransformer().setModelPath(SparkTests.classifier().toString()).setInputCol("text")
                        .setOutputCols("id", "p").transform(data));
        assertTrue(outputs.getMessage().startsWith("outputCols: 'id' is already a column of the data"),
                outputs.getMessage());
    }

    @Test
    void aMissingModelFolderIsAClearErrorOnTheDriverAndOnAnExecutor() {
        Dataset<Row> data = texts(SparkTests.texts(10, 16), 2);
        Path nowhere = SparkTests.copyOf(SparkTests.classifier(), "nowhere").resolve("missing");
        IllegalArgumentException driver = assertThrows(IllegalArgumentException.class,
                () -> new PredictorTransformer().setModelPath(nowhere.toString()).setInputCol("text").transform(data));
        assertTrue(driver.getMessage().startsWith("modelPath: " + nowhere.resolve("config.json") + ": not found"),
                driver.getMessage());

        // a folder that every executor should read itself, gone between planning and running
        Path model = SparkTests.copyOf(SparkTests.classifier(), "deleted");
        Dataset<Row> scored = new PredictorTransformer().setModelPath(model.toString()).setInputCol("text")
                .setShipModel(false).transform(data);
        deleteTree(model);
        Exception failed = assertThrows(Exception.class, scored::collectAsList);
        String messages = messages(failed);
        assertTrue(messages.contains("model folder " + model.toAbsolutePath() + ": not found on executor driver"),
                messages);
    }

    @Test
    void aShippedModelIsReadFromTheExecutorsCopyNotTheDriversFolder() {
        Path model = SparkTests.copyOf(SparkTests.classifier(), "shipped");
        List<String> texts = SparkTests.texts(30, 17);
        PredictorTransformer transformer = new PredictorTransformer().setModelPath(model.toString())
                .setInputCol("text");
        Dataset<Row> scored = transformer.transform(texts(texts, 2));
        deleteTree(model);
        // the driver read config.json while planning; the tasks read the unpacked archive
        assertEquals(texts.size() + 3, scored.collectAsList().size());
    }

    @Test
    void unsetParametersAndUnknownTasksAreClearErrors() {
        Dataset<Row> data = texts(List.of("a fine film"), 1);
        assertEquals("modelPath: not set; expected a trained model's folder", assertThrows(
                IllegalArgumentException.class, () -> new PredictorTransformer().setInputCol("text").transform(data))
                .getMessage());
        assertEquals("inputCol: not set; expected the name of the column the model reads", assertThrows(
                IllegalArgumentException.class, () -> new PredictorTransformer()
                        .setModelPath(SparkTests.classifier().toString()).transform(data)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PredictorTransformer().setBatchSize(0));
    }

    /** The messages of an exception and its causes, one per line. */
    static String messages(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }

    static void deleteTree(Path folder) {
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
