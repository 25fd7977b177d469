package dev.rnn4j.translate;

import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads parallel corpora (one sentence per line, line {@code i} of the source file translating
 * line {@code i} of the target file, as Multi30k, WMT and fairseq's raw text come) and plain
 * sentence files to translate.
 *
 * <p>Files are UTF-8, decoded strictly: invalid bytes are an error naming the file, the line and
 * the bytes, never replaced by U+FFFD. A byte-order mark at the start is dropped. Lines end at
 * {@code \n}; a {@code \r} before it is dropped, and a final newline adds no empty line. Each
 * sentence is stripped of whitespace at both ends (as fairseq's {@code line.strip()}).
 *
 * <p>Empty lines: a pair whose source or target is empty (or only whitespace) is skipped, and its
 * line number is kept in {@link ParallelCorpus#emptyLines()} for the log
 * ({@link ParallelCorpus#summary()}); OpenNMT filters such pairs the same way. Files with a
 * different number of lines are an error naming both files and both counts, since every pair after
 * the first missing line would be misaligned. Every problem is a {@link DataFormatException}.
 */
public final class ParallelCorpusReader {

    private ParallelCorpusReader() {
    }

    /**
     * Reads the sentence pairs of two parallel files.
     *
     * @param sourceFile one source sentence per line
     * @param targetFile its translations, one per line
     * @return the pairs with both sides non-empty, and the lines skipped
     * @throws IllegalArgumentException if a path is null
     * @throws DataFormatException if a file is missing or unreadable, holds invalid UTF-8 (naming the
     *     file and line), the files have different numbers of lines (naming both files and counts),
     *     or no line has both sides non-empty
     */
    public static ParallelCorpus read(Path sourceFile, Path targetFile) {
        if (sourceFile == null || targetFile == null) {
            throw new IllegalArgumentException("sourceFile and targetFile must not be null");
        }
        List<String> sources = readLines(sourceFile);
        List<String> targets = readLines(targetFile);
        if (sources.size() != targets.size()) {
            throw new DataFormatException(sourceFile, 0, "parallel files differ in length: " + sourceFile + " has "
                    + sources.size() + " lines, " + targetFile + " has " + targets.size()
                    + "; line i of one must be the translation of line i of the other");
        }
        List<SentencePair> pairs = new ArrayList<>(sources.size());
        List<Long> emptyLines = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String source = sources.get(i);
            String target = targets.get(i);
            if (source.isEmpty() || target.isEmpty()) {
                emptyLines.add(i + 1L);
            } else {
                pairs.add(new SentencePair(i + 1L, source, target));
            }
        }
        if (pairs.isEmpty()) {
            throw new DataFormatException(sourceFile, 0, "no sentence pairs: " + sourceFile + " and " + targetFile
                    + " have " + sources.size() + " lines, none with both sides non-empty");
        }
        return new ParallelCorpus(sourceFile, targetFile, pairs, emptyLines);
    }

    /**
     * Reads a file's lines, decoded strictly as UTF-8 and stripped; empty lines are kept (as empty
     * strings), so element {@code i} is line {@code i + 1}.
     *
     * @throws IllegalArgumentException if {@code file} is null
     * @throws DataFormatException if the file is missing or unreadable, or holds invalid UTF-8
     *     (naming the line, its byte offset in the file and the bytes)
     */
    public static List<String> readLines(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read file: " + e, e);
        }
        return decodeLines(file, bytes);
    }

    /** Splits {@code bytes} at {@code '\n'} and decodes each line strictly (a line never splits a UTF-8 character). */
    static List<String> decodeLines(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            ByteBuffer in = ByteBuffer.wrap(bytes, start, stop - start);
            try {
                CharBuffer chars = decoder.reset().decode(in);
                lines.add(chars.toString().strip());
            } catch (CharacterCodingException e) {
                int bad = in.position();
                int length = e instanceof MalformedInputException m ? m.getInputLength() : 1;
                int badEnd = Math.min(stop, bad + Math.max(1, length));
                StringBuilder hex = new StringBuilder();
                for (int i = bad; i < badEnd; i++) {
                    hex.append(i == bad ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
                }
                throw new DataFormatException(file, lines.size() + 1L, "invalid UTF-8 at byte " + (bad - start + 1)
                        + " of the line (file offset " + bad + "): " + hex
                        + "; convert the file to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)", e);
            }
            start = end + 1;
        }
        return lines;
    }
}
