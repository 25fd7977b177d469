package dev.rnn4j.series;

import java.util.Arrays;

/**
 * A split of T time-ordered rows into train {@code [0, trainEnd)}, validation {@code [trainEnd, validationEnd)}
 * and test {@code [validationEnd, T)}: contiguous, in that order, never shuffled. Validation and test may be
 * empty; train never is.
 *
 * @param rowCount      T
 * @param trainEnd      first row after the training part
 * @param validationEnd first row of the test part
 */
public record ChronologicalSplit(int rowCount, int trainEnd, int validationEnd) {

    /** Validates {@code 0 < trainEnd <= validationEnd <= rowCount}. */
    public ChronologicalSplit {
        if (trainEnd < 1 || validationEnd < trainEnd || rowCount < validationEnd) {
            throw new IllegalArgumentException("split: expected 0 < trainEnd <= validationEnd <= rowCount, got"
                    + " trainEnd=" + trainEnd + ", validationEnd=" + validationEnd + ", rowCount=" + rowCount);
        }
    }

    /**
     * The last {@code testSize} rows for test, the {@code validationSize} rows before them for validation, the
     * rest for training.
     */
    public static ChronologicalSplit ofSizes(int rowCount, int validationSize, int testSize) {
        if (validationSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("validationSize, testSize: expected >= 0, got " + validationSize
                    + ", " + testSize);
        }
        if ((long) validationSize + testSize >= rowCount) {
            throw new IllegalArgumentException("split of " + rowCount + " rows: validationSize " + validationSize
                    + " + testSize " + testSize + " leaves no training rows");
        }
        return new ChronologicalSplit(rowCount, rowCount - validationSize - testSize, rowCount - testSize);
    }

    /**
     * The first {@code round(trainFraction * T)} rows for training, the next
     * {@code round((trainFraction + validationFraction) * T) - trainEnd} for validation, the rest for test.
     */
    public static ChronologicalSplit ofFractions(int rowCount, double trainFraction, double validationFraction) {
        if (!(trainFraction > 0) || !(validationFraction >= 0) || !(trainFraction + validationFraction <= 1)) {
            throw new IllegalArgumentException("fractions: expected 0 < train, 0 <= validation, train + validation"
                    + " <= 1, got train=" + trainFraction + ", validation=" + validationFraction);
        }
        int trainEnd = (int) Math.round(trainFraction * rowCount);
        int validationEnd = (int) Math.round((trainFraction + validationFraction) * rowCount);
        if (trainEnd < 1) {
            throw new IllegalArgumentException("split of " + rowCount + " rows with trainFraction " + trainFraction
                    + " leaves no training rows");
        }
        return new ChronologicalSplit(rowCount, trainEnd, validationEnd);
    }

    /** Number of training rows. */
    public int trainSize() {
        return trainEnd;
    }

    /** Number of validation rows. */
    public int validationSize() {
        return validationEnd - trainEnd;
    }

    /** Number of test rows. */
    public int testSize() {
        return rowCount - validationEnd;
    }

    /** The training part of a column of length T. */
    public double[] train(double[] column) {
        return Arrays.copyOfRange(check(column), 0, trainEnd);
    }

    /** The validation part of a column of length T. */
    public double[] validation(double[] column) {
        return Arrays.copyOfRange(check(column), trainEnd, validationEnd);
    }

    /** The test part of a column of length T. */
    public double[] test(double[] column) {
        return Arrays.copyOfRange(check(column), validationEnd, rowCount);
    }

    private double[] check(double[] column) {
        if (column == null || column.length != rowCount) {
            throw new IllegalArgumentException("column: expected length " + rowCount + " (the split's row count),"
                    + " got " + (column == null ? "null" : column.length));
        }
        return column;
    }
}
