package dev.rnn4j.text;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Pretrained word vectors in the GloVe / word2vec <em>text</em> format, looked up for a
 * {@link Vocabulary}, ready to initialise an embedding table.
 *
 * <p>Format: one vector per line, {@code word v1 v2 ... vD}, separated by spaces or tabs. A
 * word2vec file starts with a header line {@code count dim}, recognised as a first line of exactly
 * two integers; the number of vectors is then checked against {@code count}. Without a header, D is
 * taken from the first line. Files ending in {@code .gz} are decompressed on the fly. A line with
 * more than D + 1 fields whose extra leading fields are not numbers is a word containing spaces
 * (glove.840B has a few); otherwise a wrong number of values is an error. Every line's field
 * count is checked, but values are parsed only for words the vocabulary needs (this keeps reading
 * a multi-gigabyte file fast).
 *
 * <p>Matching: a vocabulary token takes the vector of the first line whose word equals it. With
 * {@code lowerCaseFallback}, a token still without a vector takes the first vector whose word
 * lower-cased ({@link Locale#ROOT}) equals it, useful for a lower-cased vocabulary and cased
 * vectors; an exact match always wins.
 *
 * @param weights {@code (vocabularySize, dimension)} row-major; row {@code id} holds the vector of
 *     {@code vocabulary.token(id)}, or zeros when {@code found[id]} is false
 * @param dimension D, the length of each vector
 * @param hits number of vocabulary tokens that got a vector
 * @param found per vocabulary id, whether it got a vector (leave the others to the model's own
 *     initialisation)
 */
public record PretrainedEmbeddings(float[] weights, int dimension, int hits, boolean[] found) {
    private static final int MAX_DIMENSION = 100_000;

    /** Number of rows: the vocabulary size. */
    public int vocabularySize() {
        return found.length;
    }

    /** Reads a UTF-8 file without lower-case fallback. */
    public static PretrainedEmbeddings load(Path file, Vocabulary vocabulary) {
        return load(file, vocabulary, StandardCharsets.UTF_8, false);
    }

    /**
     * Reads the vectors of {@code file} for the tokens of {@code vocabulary}.
     *
     * @param encoding the file's encoding, decoded strictly; it must encode {@code '\n'} as the
     *     single byte 0x0A (UTF-8, ISO-8859-x, windows-125x do)
     * @param lowerCaseFallback see the class comment
     * @throws DataFormatException naming file and line for: a missing or empty file, bytes invalid in
     *     {@code encoding}, a line with the wrong number of values, a value that is not a finite
     *     number, a header count that does not match the file
     * @throws IllegalArgumentException for null arguments or an encoding that is not ASCII-compatible
     */
    public static PretrainedEmbeddings load(Path file, Vocabulary vocabulary, Charset encoding, boolean lowerCaseFallback) {
        if (file == null || vocabulary == null || encoding == null) {
            throw new IllegalArgumentException("file, vocabulary and encoding must not be null");
        }
        if (!Arrays.equals("\n a".getBytes(encoding), new byte[] {'\n', ' ', 'a'})) {
            throw new IllegalArgumentException("encoding must be ASCII-compatible (one byte per newline), got " + encoding);
        }
        CharsetDecoder decoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int vocabularySize = vocabulary.size();
        float[] weights = null;
        boolean[] found = new boolean[vocabularySize];
        boolean[] exact = new boolean[vocabularySize];
        int hits = 0;
        int dimension = -1;
        long declaredCount = -1;
        long vectors = 0;
        long lineNumber = 0;
        try (InputStream raw = open(file)) {
            ByteArrayOutputStream lineBytes = new ByteArrayOutputStream(4096);
            while (readLine(raw, lineBytes)) {
                lineNumber++;
                String line;
                try {
                    line = decoder.decode(ByteBuffer.wrap(lineBytes.toByteArray())).toString();
                } catch (CharacterCodingException e) {
                    throw new DataFormatException(file, lineNumber, "bytes invalid in encoding " + encoding.name()
                            + " (" + e.getMessage() + ")", e);
                }
                List<String> fields = fields(line);
                if (fields.isEmpty()) {
                    continue;
                }
                if (dimension < 0) {
                    if (fields.size() == 2 && isCount(fields.get(0)) && isCount(fields.get(1))) {
                        declaredCount = Long.parseLong(fields.get(0));
                        dimension = Integer.parseInt(fields.get(1));
                        if (dimension < 1 || dimension > MAX_DIMENSION) {
                            throw new DataFormatException(file, lineNumber, "header dimension must be in [1, "
                                    + MAX_DIMENSION + "], got " + dimension);
                        }
                        // allocated at the first vector line, so that a header alone cannot claim the memory
                        continue;
                    }
                    dimension = fields.size() - 1;
                    if (dimension < 1) {
                        throw new DataFormatException(file, lineNumber, "expected a word followed by its vector values,"
                                + " found a single field");
                    }
                    if (dimension > MAX_DIMENSION) {
                        throw new DataFormatException(file, lineNumber, "found " + dimension + " values, more than "
                                + MAX_DIMENSION + "; is this a text-format vector file?");
                    }
                }
                int wordFields = fields.size() - dimension;
                if (wordFields < 1 || (wordFields > 1 && isNumber(fields.get(1)))) {
                    throw new DataFormatException(file, lineNumber, "expected a word and " + dimension
                            + " values, found " + (fields.size() - 1) + " values");
                }
                if (weights == null) {
                    weights = allocate(vocabularySize, dimension, file, lineNumber);
                }
                vectors++;
                String word = wordFields == 1 ? fields.get(0) : String.join(" ", fields.subList(0, wordFields));
                int id = -1;
                if (vocabulary.contains(word)) {
                    id = vocabulary.id(word);
                    if (exact[id]) {
                        continue; // a duplicate word: the first line wins
                    }
                    exact[id] = true;
                } else if (lowerCaseFallback) {
                    String lower = word.toLowerCase(Locale.ROOT);
                    if (vocabulary.contains(lower) && !found[vocabulary.id(lower)]) {
                        id = vocabulary.id(lower);
                    }
                }
                if (id < 0) {
                    continue;
                }
                int row = id * dimension;
                for (int k = 0; k < dimension; k++) {
                    String field = fields.get(wordFields + k);
                    float value;
                    try {
                        value = Float.parseFloat(field);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file, lineNumber, "value " + (k + 1) + " of \"" + word
                                + "\" is not a number: \"" + field + "\"");
                    }
                    if (!Float.isFinite(value)) {
                        throw new DataFormatException(file, lineNumber, "value " + (k + 1) + " of \"" + word
                                + "\" is not finite: " + field);
                    }
                    weights[row + k] = value;
                }
                if (!found[id]) {
                    found[id] = true;
                    hits++;
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, "file not found", e);
        } catch (ZipException e) {
            throw new DataFormatException(file, 0, "not a valid gzip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException(file, lineNumber, "cannot read: " + e, e);
        }
        if (dimension < 0) {
            throw new DataFormatException(file, 0, "file is empty (expected lines of <word> <values...>)");
        }
        if (weights == null) {
            throw new DataFormatException(file, 1, "the file has a header but no vectors (expected lines of"
                    + " <word> <values...> after it)");
        }
        if (declaredCount >= 0 && declaredCount != vectors) {
            throw new DataFormatException(file, 1, "header says " + declaredCount + " vectors, the file has "
                    + vectors + " (truncated download?)");
        }
        return new PretrainedEmbeddings(weights, dimension, hits, found);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** Reads bytes up to (not including) the next {@code '\n'}; false at end of input with nothing read. */
    private static boolean readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int b;
        boolean any = false;
        while ((b = in.read()) >= 0) {
            any = true;
            if (b == '\n') {
                return true;
            }
            line.write(b);
        }
        return any;
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSeparator(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSeparator(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                fields.add(line.substring(start, i));
            }
        }
        return fields;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static boolean isCount(String s) {
        return !s.isEmpty() && s.length() <= 12 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isNumber(String s) {
        try {
            Float.parseFloat(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float[] allocate(int vocabularySize, int dimension, Path file, long line) {
        long cells = (long) vocabularySize * dimension;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file, line, "vocabulary size " + vocabularySize + " x dimension " + dimension
                    + " = " + cells + " values is more than one Java array can hold");
        }
        return new float[(int) cells];
    }
}
