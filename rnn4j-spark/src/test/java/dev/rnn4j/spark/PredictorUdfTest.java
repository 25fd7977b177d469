package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.classify.Prediction;
import dev.rnn4j.forecast.Forecast;
import dev.rnn4j.forecast.ForecastRequest;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The model as a SQL function: the single-process predictions row by row, nulls for null input, clear errors. */
class PredictorUdfTest {

    @Test
    void aClassifierFunctionGivesTheLabelAndProbabilitiesOfEachText() {
        SparkSession spark = SparkTests.spark();
        PredictorUdf.register(spark, "sentiment", SparkTests.classifier().toString());
        List<String> texts = SparkTests.texts(40, 31);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        rows.add(RowFactory.create(texts.size(), null));
        rows.add(RowFactory.create(texts.size() + 1, "   "));
        spark.createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType))
                .repartition(2).createOrReplaceTempView("reviews");

        List<Row> scored = spark.sql("SELECT id, sentiment(text).prediction AS label,"
                + " sentiment(text).probabilities AS p FROM reviews ORDER BY id").collectAsList();
        @SuppressWarnings("unchecked")
        Predictor<String, Prediction> local = (Predictor<String, Prediction>) Predictors.load(SparkTests.classifier());
        for (int i = 0; i < texts.size(); i++) {
            Prediction expected = local.predict(texts.get(i));
            assertEquals(expected.label(), scored.get(i).getString(1), "row " + i);
            assertEquals(expected.probabilities(), CollectionConverters.asJava(scored.get(i).<String, Double>getMap(2)));
        }
        assertTrue(scored.get(texts.size()).isNullAt(1));
        assertTrue(scored.get(texts.size() + 1).isNullAt(2));
    }

    @Test
    void aForecasterFunctionGivesTheNextValuesOfEachSeries() {
        SparkSession spark = SparkTests.spark();
        PredictorUdf.register(spark, "next_values", SparkTests.forecaster().toString());
        List<double[]> histories = SparkTests.histories(10, 32);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            rows.add(RowFactory.create(i, Arrays.stream(histories.get(i)).boxed().toList().toArray()));
        }
        spark.createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
                .add("y", DataTypes.createArrayType(DataTypes.DoubleType))).createOrReplaceTempView("panel");

        List<Row> forecasts = spark.sql("SELECT id, next_values(y) FROM panel ORDER BY id").collectAsList();
        @SuppressWarnings("unchecked")
        Predictor<ForecastRequest, Forecast> local =
                (Predictor<ForecastRequest, Forecast>) Predictors.load(SparkTests.forecaster());
        for (int i = 0; i < histories.size(); i++) {
            double[] got = forecasts.get(i).<Double>getList(1).stream().mapToDouble(Double::doubleValue).toArray();
            assertArrayEquals(local.predict(ForecastRequest.of(histories.get(i))).values(), got, 0, "series " + i);
        }
    }

    @Test
    void badNamesFoldersAndCellsAreClearErrors() {
        SparkSession spark = SparkTests.spark();
        assertEquals("name: expected a SQL function name (letters, digits, _), got no-dash", assertThrows(
                IllegalArgumentException.class,
                () -> PredictorUdf.register(spark, "no-dash", SparkTests.classifier().toString())).getMessage());
        String missing = SparkTests.classifier().resolve("missing").toString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PredictorUdf.register(spark, "f", missing))
                .getMessage().startsWith("modelPath: "));

        PredictorUdf.register(spark, "sentiment_of_number", SparkTests.classifier().toString());
        Exception failed = assertThrows(Exception.class,
                () -> spark.sql("SELECT sentiment_of_number(42)").collectAsList());
        String messages = PredictorTransformerTest.messages(failed);
        assertTrue(messages.contains("sentiment_of_number: expected a string, got Integer"), messages);
    }
}
