package dev.rnn4j.series;

import java.util.Arrays;

/**
 * Where a run of values came from: the source file, the column and the source line of every value. Pipeline
 * steps ({@link TargetTransform}, {@link ScalerKind}, {@link SlidingWindows}) take one so that their errors can
 * name file, lines and column. Values that did not come from a file use {@link #unnamed(String, int)}.
 */
public final class SeriesOrigin {
    private final String source;
    private final String column;
    private final int[] lines; // lines[i]: 1-based source line of value i, or null when unknown
    private final int length;

    private SeriesOrigin(String source, String column, int[] lines, int length) {
        this.source = source;
        this.column = column;
        this.lines = lines;
        this.length = length;
    }

    /**
     * @param source file name (or description)
     * @param column column name, or {@code null}
     * @param lines  the source line of each value, in order (copied)
     */
    public static SeriesOrigin of(String source, String column, int[] lines) {
        if (lines == null) {
            throw new IllegalArgumentException("lines: expected an array, got null");
        }
        return new SeriesOrigin(source, column, lines.clone(), lines.length);
    }

    /** An origin without file lines, for generated values: messages name {@code description} only. */
    public static SeriesOrigin unnamed(String description, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length: expected >= 0, got " + length);
        }
        return new SeriesOrigin(description, null, null, length);
    }

    /** The file name (or description). */
    public String source() {
        return source;
    }

    /** The column name, or {@code null}. */
    public String column() {
        return column;
    }

    /** Number of values this origin describes. */
    public int length() {
        return length;
    }

    /** The source line of value {@code index}, or 0 when lines are unknown. */
    public int lineAt(int index) {
        return lines != null && index >= 0 && index < length ? lines[index] : 0;
    }

    /** The origin of values {@code [from, to)}. */
    public SeriesOrigin range(int from, int to) {
        if (from < 0 || to < from || to > length) {
            throw new IllegalArgumentException("range [" + from + ", " + to + "): expected 0 <= from <= to <= "
                    + length);
        }
        return new SeriesOrigin(source, column, lines == null ? null : Arrays.copyOfRange(lines, from, to),
                to - from);
    }

    /** An exception about all these values (names the line range). */
    public SeriesFormatException error(String message) {
        int first = length == 0 ? 0 : lineAt(0);
        int last = length == 0 ? 0 : lineAt(length - 1);
        return new SeriesFormatException(source, first, last, column, message);
    }

    /** An exception about value {@code index} (names its line, or the index when lines are unknown). */
    public SeriesFormatException errorAt(int index, String message) {
        int line = lineAt(index);
        return new SeriesFormatException(source, line, column, line == 0 ? "value " + index + ": " + message : message);
    }

    @Override
    public String toString() {
        String m = error("x").getMessage();
        return m.substring(0, m.length() - 3);
    }
}
