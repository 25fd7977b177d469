package dev.rnn4j.spark;

import scala.jdk.javaapi.CollectionConverters;

import java.util.Arrays;
import java.util.List;

/** The Java view of a Spark cell whose column is an array: Spark hands Scala sequences to rows and UDFs. */
final class SparkCells {

    private SparkCells() {
    }

    /**
     * The elements of an array cell, or null for a null cell.
     *
     * @throws IllegalArgumentException if the cell is not an array
     */
    static List<?> list(Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof scala.collection.Seq<?> seq) {
            return CollectionConverters.asJava(seq);
        }
        if (cell instanceof List<?> list) {
            return list;
        }
        if (cell instanceof Object[] array) {
            return Arrays.asList(array);
        }
        if (cell instanceof double[] array) {
            return Arrays.stream(array).boxed().toList();
        }
        throw new IllegalArgumentException("expected an array, got " + cell.getClass().getSimpleName());
    }
}
