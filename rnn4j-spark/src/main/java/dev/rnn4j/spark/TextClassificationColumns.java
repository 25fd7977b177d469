package dev.rnn4j.spark;

import dev.rnn4j.classify.Prediction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;

/**
 * Text classifiers ({@code text-classification}): a string column in; the most probable label (string) and
 * the probability of every label (map from label to double, in the model's label order) out. A null text or
 * one of white space only (no tokens) gives null in both columns.
 */
final class TextClassificationColumns implements ColumnCodec<String, Prediction> {

    @Override
    public String task() {
        return "text-classification";
    }

    @Override
    public String expectedInput() {
        return "a string (the text)";
    }

    @Override
    public boolean accepts(DataType type) {
        return type instanceof org.apache.spark.sql.types.StringType;
    }

    @Override
    public List<String> defaultOutputColumns() {
        return List.of("prediction", "probabilities");
    }

    @Override
    public List<DataType> outputTypes() {
        return List.of(DataTypes.StringType, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false));
    }

    @Override
    public String input(Object cell) {
        if (cell == null) {
            return null;
        }
        if (!(cell instanceof String text)) {
            throw new IllegalArgumentException("expected a string, got " + cell.getClass().getSimpleName());
        }
        // white space is what the word tokenizer splits on, so a blank text has no tokens to classify
        return text.isBlank() ? null : text;
    }

    @Override
    public boolean groupsByLength() {
        return true;
    }

    /**
     * The number of white-space separated words: the token count of a text the tokenizer does not split
     * further (SST-2 and other pre-tokenized text), a close estimate of it otherwise.
     */
    @Override
    public int length(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    @Override
    public Object[] columns(Prediction prediction) {
        if (prediction == null) {
            return new Object[] {null, null};
        }
        return new Object[] {prediction.label(), CollectionConverters.asScala(prediction.probabilities())};
    }
}
