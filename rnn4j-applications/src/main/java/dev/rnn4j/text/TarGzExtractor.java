package dev.rnn4j.text;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Extracts {@code .tar.gz} archives with the JDK only (a small tar reader over
 * {@link GZIPInputStream}).
 *
 * <p>Supported: POSIX ustar and GNU tar headers, regular files and folders, GNU long names
 * ({@code L}), pax extended {@code path} records ({@code x}), base-256 sizes. Symbolic and hard
 * links, devices and FIFOs are skipped (a data set needs none, and links are a way out of the
 * destination). Every entry name is checked: absolute names, {@code ..} segments, and anything that
 * would resolve outside the destination are refused (the "zip slip" attack).
 */
public final class TarGzExtractor {
    private static final int BLOCK = 512;
    /** Largest GNU long-name or pax header we read into memory. */
    private static final int MAX_META_BYTES = 1 << 20;

    private TarGzExtractor() {
    }

    /**
     * Extracts {@code archive} into {@code destination} (created if needed).
     *
     * @return the number of regular files written
     * @throws DataFormatException naming the archive (and entry) if it is not gzip, not tar, truncated,
     *     has a bad header checksum, or holds an unsafe entry name
     * @throws java.io.UncheckedIOException if writing fails
     */
    public static int extract(Path archive, Path destination) {
        if (archive == null || destination == null) {
            throw new IllegalArgumentException("archive and destination must not be null");
        }
        Path root = destination.toAbsolutePath().normalize();
        int files = 0;
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16),
                1 << 16)) {
            Files.createDirectories(root);
            byte[] header = new byte[BLOCK];
            String pendingName = null;
            long entryIndex = 0;
            while (true) {
                int got = in.readNBytes(header, 0, BLOCK);
                if (got == 0) {
                    break; // end of archive without the two zero blocks: accepted, as GNU tar does
                }
                if (got < BLOCK) {
                    throw new DataFormatException(archive, 0, "truncated tar header after entry " + entryIndex);
                }
                if (isZero(header)) {
                    break;
                }
                entryIndex++;
                checkChecksum(header, archive, entryIndex);
                String name = string(header, 0, 100);
                if (isUstar(header)) {
                    String prefix = string(header, 345, 155);
                    if (!prefix.isEmpty()) {
                        name = prefix + "/" + name;
                    }
                }
                if (pendingName != null) {
                    name = pendingName;
                    pendingName = null;
                }
                long size = number(header, 124, 12, archive, name);
                byte type = header[156];
                switch (type) {
                    case 'L' -> pendingName = trimNul(new String(readMeta(in, size, archive, name), StandardCharsets.UTF_8));
                    case 'x' -> {
                        String path = paxPath(readMeta(in, size, archive, name));
                        if (path != null) {
                            pendingName = path;
                        }
                    }
                    case '5' -> {
                        Files.createDirectories(safeTarget(root, name, archive));
                        skip(in, size, archive, name);
                    }
                    case '0', '\0', '7' -> {
                        Path target = safeTarget(root, name, archive);
                        Files.createDirectories(target.getParent());
                        try (OutputStream out = Files.newOutputStream(target)) {
                            copy(in, out, size, archive, name);
                        }
                        files++;
                    }
                    default -> skip(in, size, archive, name); // links, devices, FIFOs, global pax headers
                }
                skipPadding(in, size, archive, name);
            }
        } catch (ZipException e) {
            throw new DataFormatException(archive, 0, "not a gzip file or corrupt: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new DataFormatException(archive, 0, "archive is truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot extract " + archive + " into " + destination + ": " + e, e);
        }
        return files;
    }

    /** The target path of entry {@code name}, refusing names that would escape {@code root}. */
    static Path safeTarget(Path root, String name, Path archive) {
        if (name.isEmpty()) {
            throw new DataFormatException(archive, 0, "tar entry with an empty name");
        }
        String normalised = name.replace('\\', '/');
        if (normalised.startsWith("/") || normalised.matches("^[A-Za-z]:.*")) {
            throw new DataFormatException(archive, 0, "unsafe tar entry \"" + name + "\": absolute path");
        }
        for (String segment : normalised.split("/")) {
            if (segment.equals("..")) {
                throw new DataFormatException(archive, 0, "unsafe tar entry \"" + name
                        + "\": a '..' segment would write outside the destination");
            }
        }
        Path target = root.resolve(normalised).normalize();
        if (!target.startsWith(root)) {
            throw new DataFormatException(archive, 0, "unsafe tar entry \"" + name + "\": outside the destination");
        }
        return target;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUstar(byte[] header) {
        return header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r';
    }

    private static void checkChecksum(byte[] header, Path archive, long entryIndex) {
        long expected;
        try {
            expected = number(header, 148, 8, archive, "entry " + entryIndex);
        } catch (DataFormatException e) {
            throw new DataFormatException(archive, 0, "not a tar archive (bad header at entry " + entryIndex + ")");
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xFF;
            signed += b; // some old tars summed signed bytes
        }
        if (expected != unsigned && expected != signed) {
            throw new DataFormatException(archive, 0, "not a tar archive or corrupt: header checksum of entry "
                    + entryIndex + " is " + unsigned + ", header says " + expected);
        }
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int end = s.indexOf('\0');
        return end >= 0 ? s.substring(0, end) : s;
    }

    /** An octal (NUL/space padded) or base-256 numeric header field. */
    private static long number(byte[] header, int offset, int length, Path archive, String entry) {
        if ((header[offset] & 0x80) != 0) {
            if ((header[offset] & 0x40) != 0) {
                throw new DataFormatException(archive, 0, "negative size in tar entry \"" + entry + "\"");
            }
            long value = header[offset] & 0x3F;
            for (int i = offset + 1; i < offset + length; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw new DataFormatException(archive, 0, "size too large in tar entry \"" + entry + "\"");
                }
                value = (value << 8) | (header[i] & 0xFF);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                throw new DataFormatException(archive, 0, "bad octal number in tar entry \"" + entry + "\"");
            }
            digits = true;
            value = value * 8 + (b - '0');
        }
        return value;
    }

    private static byte[] readMeta(InputStream in, long size, Path archive, String entry) throws IOException {
        if (size > MAX_META_BYTES) {
            throw new DataFormatException(archive, 0, "tar metadata entry of " + size + " bytes after \"" + entry
                    + "\" is larger than " + MAX_META_BYTES);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("in the data of \"" + entry + "\"");
        }
        return data;
    }

    /** The {@code path} value of a pax extended header ({@code "<len> path=<value>\n"} records). */
    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int pos = 0;
        while (pos < text.length()) {
            int space = text.indexOf(' ', pos);
            int newline = text.indexOf('\n', pos);
            if (space < 0 || newline < 0 || space > newline) {
                return null;
            }
            String record = text.substring(space + 1, newline);
            if (record.startsWith("path=")) {
                return record.substring(5);
            }
            pos = newline + 1;
        }
        return null;
    }

    private static void copy(InputStream in, OutputStream out, long size, Path archive, String entry) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("in the data of \"" + entry + "\" (" + left + " of " + size + " bytes missing)");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size, Path archive, String entry) throws IOException {
        long left = size;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("in the data of \"" + entry + "\"");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size, Path archive, String entry) throws IOException {
        long remainder = size % BLOCK;
        if (remainder != 0) {
            skip(in, BLOCK - remainder, archive, entry);
        }
    }
}
