package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.classify.Prediction;
import dev.rnn4j.forecast.ForecastRequest;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code rnn4j spark predict}: files in each format to scored files, on the tests' local session. */
class SparkPredictCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int predict(String... args) {
        SparkPredictCommand.Options options = SparkPredictCommand.parse(args);
        return SparkPredictCommand.predict(SparkTests.spark(), options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void scoresACsvOfTextsIntoJsonLines() throws IOException {
        List<String> texts = SparkTests.texts(25, 41);
        Path csv = dir.resolve("reviews.csv");
        Files.writeString(csv, "id,text\n" + java.util.stream.IntStream.range(0, texts.size())
                .mapToObj(i -> i + ",\"" + texts.get(i) + "\"").collect(Collectors.joining("\n")) + "\n25,\n");
        Path output = dir.resolve("scored");

        assertEquals(0, predict("predict", "--model", SparkTests.classifier().toString(), "--input", csv.toString(),
                "--output", output.toString(), "--batch-size", "8"), err.toString());
        assertTrue(out.toString().startsWith("rnn4j spark predict: text-classification model "), out.toString());

        List<Row> rows = new ArrayList<>(SparkTests.spark().read().json(output.toString()).collectAsList());
        rows.sort(Comparator.comparing(r -> Integer.parseInt(r.getAs("id"))));
        @SuppressWarnings("unchecked")
        Predictor<String, Prediction> local = (Predictor<String, Prediction>) Predictors.load(SparkTests.classifier());
        List<Prediction> expected = local.predictBatch(texts);
        assertEquals(texts.size() + 1, rows.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(expected.get(i).label(), rows.get(i).getAs("prediction"), "row " + i);
            Row probabilities = rows.get(i).getAs("probabilities");
            // chunks of 8 texts: the single-process probabilities to float rounding
            assertEquals(expected.get(i).probabilities().get("pos"), probabilities.<Double>getAs("pos"), 1e-6);
        }
        assertNull(rows.get(texts.size()).getAs("prediction"));
    }

    @Test
    void aFileOfAFewMegabytesIsReadAsOnePartitionPerCore() throws IOException {
        // 2.4 MB of lines: with Spark's 4 MB split floor this would be one partition, one task on local[2]
        String line = String.join(" ", SparkTests.texts(4, 44)) + "\n";
        Path lines = dir.resolve("many.txt");
        Files.writeString(lines, line.repeat((int) (2.4e6 / line.length())));
        Path output = dir.resolve("scored-many");
        assertEquals(0, predict("predict", "--model", SparkTests.classifier().toString(), "--input", lines.toString(),
                "--output", output.toString(), "--output-format", "parquet", "--batch-size", "1024"), err.toString());
        assertTrue(out.toString().contains("(text, 2 partitions)"), out.toString());
        List<Long> perPart = new ArrayList<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                perPart.add(SparkTests.spark().read().parquet(part.toString()).count());
            }
        }
        assertEquals(2, perPart.size(), perPart.toString());
        assertTrue(Math.abs(perPart.get(0) - perPart.get(1)) < 0.1 * (perPart.get(0) + perPart.get(1)),
                "the two tasks score about as many rows each: " + perPart);
    }

    @Test
    void scoresATextFileOfOneTextPerLine() throws IOException {
        List<String> texts = SparkTests.texts(15, 43);
        Path lines = dir.resolve("reviews.txt");
        Files.writeString(lines, String.join("\n", texts) + "\n");
        Path output = dir.resolve("scored-text");
        assertEquals(0, predict("predict", "--model", SparkTests.classifier().toString(), "--input", lines.toString(),
                "--output", output.toString(), "--output-format", "parquet", "--partitions", "3"), err.toString());
        assertTrue(out.toString().contains("(text, 3 partitions)"), out.toString());
        @SuppressWarnings("unchecked")
        Predictor<String, Prediction> local = (Predictor<String, Prediction>) Predictors.load(SparkTests.classifier());
        for (Row row : SparkTests.spark().read().parquet(output.toString()).collectAsList()) {
            assertEquals(local.predict(row.getAs("text")).label(), row.getAs("prediction"));
        }
        assertEquals(texts.size(), SparkTests.spark().read().parquet(output.toString()).count());
    }

    @Test
    void scoresJsonSeriesIntoParquetAndCsv() throws IOException {
        List<double[]> histories = SparkTests.histories(12, 42);
        Path json = dir.resolve("panel.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < histories.size(); i++) {
            lines.append("{\"series\": \"s").append(i).append("\", \"values\": ")
                    .append(Arrays.toString(histories.get(i))).append("}\n");
        }
        Files.writeString(json, lines);
        @SuppressWarnings("unchecked")
        Predictor<ForecastRequest, dev.rnn4j.forecast.Forecast> local =
                (Predictor<ForecastRequest, dev.rnn4j.forecast.Forecast>) Predictors.load(SparkTests.forecaster());

        Path parquet = dir.resolve("forecasts.parquet");
        assertEquals(0, predict("--model", SparkTests.forecaster().toString(), "--input", json.toString(),
                "--output", parquet.toString(), "--output-format", "parquet"), err.toString());
        List<Row> rows = SparkTests.spark().read().parquet(parquet.toString()).orderBy("series").collectAsList();
        assertEquals(histories.size(), rows.size());
        for (Row row : rows) {
            int i = Integer.parseInt(row.<String>getAs("series").substring(1));
            double[] got = row.<Double>getList(row.fieldIndex("forecast")).stream().mapToDouble(Double::doubleValue)
                    .toArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    local.predict(ForecastRequest.of(histories.get(i))).values(), got, 1e-3, "series " + i);
        }

        Path csv = dir.resolve("forecasts-csv");
        assertEquals(0, predict("--model", SparkTests.forecaster().toString(), "--input", json.toString(),
                "--output", csv.toString(), "--output-format", "csv"), err.toString());
        String header = SparkTests.spark().read().text(csv.toString()).first().getString(0);
        assertEquals("series,values,forecast", header);
    }

    @Test
    void badArgumentsAndInputsAreClearErrors() throws IOException {
        assertEquals("missing --input", assertThrows(IllegalArgumentException.class,
                () -> SparkPredictCommand.parse(new String[] {"predict", "--model", "m"})).getMessage());
        assertEquals("--batch-size: expected a whole number >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> SparkPredictCommand.parse(new String[] {"--batch-size", "0"})).getMessage());
        assertEquals("--sort-window: expected a whole number >= 1, got -3", assertThrows(IllegalArgumentException.class,
                () -> SparkPredictCommand.parse(new String[] {"--sort-window", "-3"})).getMessage());
        assertEquals(500, SparkPredictCommand.parse(new String[] {"--model", "m", "--input", "i", "--output",
                dir.resolve("new").toString(), "--sort-window", "500"}).sortWindow());
        assertEquals("unknown command 'train' (expected predict)", assertThrows(IllegalArgumentException.class,
                () -> SparkPredictCommand.parse(new String[] {"train"})).getMessage());
        assertNull(SparkPredictCommand.parse(new String[] {"predict", "--help"}));
        Files.createDirectories(dir.resolve("taken"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkPredictCommand.parse(new String[] {
                "--model", "m", "--input", "i", "--output", dir.resolve("taken").toString()})).getMessage()
                .endsWith("exists; give a new folder"));

        Path text = dir.resolve("reviews.dat");
        Files.writeString(text, "a fine film\n");
        assertEquals(2, predict("--model", SparkTests.classifier().toString(), "--input", text.toString(),
                "--output", dir.resolve("out").toString()));
        assertTrue(err.toString().contains("cannot tell the format of " + text), err.toString());

        // a series shorter than the forecaster's lookback: the job fails, the one line names the row
        Path shortSeries = dir.resolve("short.json");
        Files.writeString(shortSeries, "{\"values\": [1.0, 2.0, 3.0]}\n");
        err.reset();
        assertEquals(2, predict("--model", SparkTests.forecaster().toString(), "--input", shortSeries.toString(),
                "--output", dir.resolve("short-out").toString()));
        assertTrue(err.toString().startsWith("rnn4j spark predict: column 'values', row 0 of partition 0: "),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        ByteArrayOutputStream usage = new ByteArrayOutputStream();
        assertEquals(2, SparkPredictCommand.run(new String[] {"--model"}, new PrintStream(usage),
                new PrintStream(usage)));
        assertTrue(usage.toString().contains("--model: expected a value"), usage.toString());
    }
}
