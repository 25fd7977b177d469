package dev.rnn4j.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small ustar .tar.gz archives for the tests (names up to 100 bytes, or GNU long names). */
final class TarWriter {
    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarWriter file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
            byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
            entry("././@LongLink", 'L', longName);
            return entry(name.substring(0, 100), '0', data);
        }
        return entry(name, '0', data);
    }

    TarWriter folder(String name) {
        return entry(name.endsWith("/") ? name : name + "/", '5', new byte[0]);
    }

    TarWriter symlink(String name, String target) {
        byte[] header = header(name, '2', 0);
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, header, 157, t.length);
        checksum(header);
        tar.writeBytes(header);
        return this;
    }

    TarWriter entry(String name, char type, byte[] data) {
        byte[] header = header(name, type, data.length);
        checksum(header);
        tar.writeBytes(header);
        tar.writeBytes(data);
        int pad = (512 - data.length % 512) % 512;
        tar.writeBytes(new byte[pad]);
        return this;
    }

    private static byte[] header(String name, char type, long size) {
        byte[] header = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, header, 0, Math.min(100, n.length));
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 0);
        header[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        return header;
    }

    private static void checksum(byte[] header) {
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        octal(header, 148, 7, sum);
        header[155] = ' ';
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }

    /** The archive with its two end blocks, gzip-compressed. */
    byte[] gzipped() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar.toByteArray());
            gz.write(new byte[1024]);
        }
        return out.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, gzipped());
        return file;
    }
}
