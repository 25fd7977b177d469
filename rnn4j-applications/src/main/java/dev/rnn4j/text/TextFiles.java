package dev.rnn4j.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Strict decoding of whole text files, with the line of any invalid bytes in the error. */
final class TextFiles {
    private TextFiles() {
    }

    /**
     * Reads and strictly decodes a whole file. A leading byte-order mark (U+FEFF) is dropped.
     *
     * @throws DataFormatException if the file is missing, unreadable, or holds bytes that are
     *     invalid in {@code encoding} (naming the line and the bytes)
     */
    static String read(Path file, Charset encoding) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read file: " + e, e);
        }
        return decode(file, bytes, encoding);
    }

    /** Strictly decodes {@code bytes} that came from {@code file} (used for messages). */
    static String decode(Path file, byte[] bytes, Charset encoding) {
        CharsetDecoder decoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // maxCharsPerByte bounds the output for every JDK charset; +16 covers the flush
        long capacity = (long) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 16;
        if (capacity > Integer.MAX_VALUE - 16) {
            throw new DataFormatException(file, 0, "file too large to read at once (" + bytes.length + " bytes)");
        }
        CharBuffer out = CharBuffer.allocate((int) capacity);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw invalidBytes(file, out, in, result, encoding);
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw invalidBytes(file, out, in, result, encoding);
        }
        out.flip();
        if (out.length() > 0 && out.charAt(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }

    private static DataFormatException invalidBytes(Path file, CharBuffer decoded, ByteBuffer in,
            CoderResult result, Charset encoding) {
        long line = 1;
        for (int i = 0; i < decoded.position(); i++) {
            if (decoded.get(i) == '\n') {
                line++;
            }
        }
        StringBuilder hex = new StringBuilder();
        int badLength = Math.max(1, Math.min(result.length(), in.remaining()));
        for (int i = 0; i < badLength && in.position() + i < in.limit(); i++) {
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(String.format("0x%02X", in.get(in.position() + i) & 0xFF));
        }
        String kind = result.isUnmappable() ? "unmappable" : "invalid";
        return new DataFormatException(file, line, "bytes " + hex + " (file offset " + in.position() + ") are "
                + kind + " in encoding " + encoding.name() + "; give the file's encoding (e.g. windows-1252)");
    }

    /**
     * Splits on {@code '\n'} only (never on U+0085 or U+2028, which occur inside windows-1252 and
     * ISO-8859-1 texts), dropping one trailing {@code '\r'} per line; a final newline does not give an
     * extra empty line. Element {@code i} is line {@code i + 1}.
     */
    static List<String> lines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = content.length();
        while (start < n) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            int stop = end > start && content.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(content.substring(start, stop));
            start = end + 1;
        }
        return lines;
    }

    /** Whether every line is blank (or there are none). */
    static boolean allBlank(List<String> lines) {
        for (String line : lines) {
            if (!line.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** The file name's extension after the last dot, or "" when there is none. */
    static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1);
    }
}
