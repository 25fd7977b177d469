package dev.rnn4j.speech.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads RIFF/WAVE files by walking their chunks, with nothing but the JDK.
 *
 * <p>Read: format tag 1 (integer PCM: 8-bit unsigned, 16-, 24- and 32-bit signed little-endian),
 * format tag 3 (IEEE float, 32- or 64-bit) and WAVE_FORMAT_EXTENSIBLE (0xFFFE) whose sub-format is
 * one of these, any number of channels, any sample rate from {@value #MIN_SAMPLE_RATE} to
 * {@value #MAX_SAMPLE_RATE} Hz. Samples are scaled to ±1 full scale as torchaudio's {@code load}
 * does (a 16-bit sample s becomes s / 32768, an 8-bit byte b becomes (b − 128) / 128) and the
 * channels are mixed down to mono by their mean. Chunks other than {@code fmt } and {@code data}
 * ({@code LIST}, {@code fact}, ...) are skipped; a trailing partial frame is dropped.
 *
 * <p>Everything else is a {@link WavFormatException} naming the file: not RIFF/WAVE (RIFX and RF64
 * named as such), a compressed format (named, e.g. "MPEG Layer 3 (0x0055)"), an inconsistent
 * {@code fmt } chunk, a chunk or {@code data} size beyond the end of the file (a truncated file;
 * sizes are checked against the bytes present before anything is allocated), no samples, or a
 * float sample that is not finite or beyond the range of a Java {@code float}.
 */
public final class WavReader {
    /** The lowest sample rate accepted, in Hz. */
    public static final int MIN_SAMPLE_RATE = 1000;
    /** The highest sample rate accepted, in Hz. */
    public static final int MAX_SAMPLE_RATE = 768_000;

    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    /** Names of common compressed formats, for the error message. */
    private static final Map<Integer, String> COMPRESSED = Map.of(
            0x0002, "Microsoft ADPCM",
            0x0006, "A-law",
            0x0007, "µ-law",
            0x0011, "IMA ADPCM",
            0x0031, "GSM 6.10",
            0x0050, "MPEG",
            0x0055, "MPEG Layer 3",
            0x00FF, "AAC",
            0x1610, "HE-AAC",
            0xF1AC, "FLAC");

    private WavReader() {
    }

    /**
     * Reads a WAV file.
     *
     * @param file the file
     * @return its audio, mixed down to mono, and its stored format
     * @throws WavFormatException if the file is missing, unreadable or not a WAV file this reader can use
     */
    public static WavFile read(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a WAV file, got null");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new WavFormatException(file, "file of " + size + " bytes is larger than the "
                        + (Integer.MAX_VALUE - 8) + " bytes this reader holds in memory");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(12);
                checkRiffHeader(file, head, size);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WavFormatException(file, "no such file", e);
        } catch (IOException e) {
            throw new WavFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        return read(bytes, file);
    }

    /**
     * Reads WAV bytes.
     *
     * @param bytes the whole file
     * @param file the file name used in error messages, or null
     * @return the audio, mixed down to mono, and its stored format
     * @throws WavFormatException if the bytes are not a WAV file this reader can use
     */
    public static WavFile read(byte[] bytes, Path file) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes: expected the bytes of a WAV file, got null");
        }
        checkRiffHeader(file, bytes, bytes.length);
        Format format = null;
        int position = 12;
        while (position <= bytes.length - 8) {
            String id = chunkId(bytes, position);
            long size = uint32(bytes, position + 4);
            int body = position + 8;
            long remaining = bytes.length - (long) body;
            if (id.equals("data")) {
                if (format == null) {
                    throw new WavFormatException(file, "data chunk at byte " + position
                            + " comes before any fmt chunk");
                }
                if (size > remaining) {
                    throw new WavFormatException(file, "truncated: the data chunk claims " + size + " bytes but only "
                            + remaining + " follow its header");
                }
                return decode(file, bytes, body, (int) size, format);
            }
            if (size > remaining) {
                throw new WavFormatException(file, "truncated: the '" + printable(id) + "' chunk at byte " + position
                        + " claims " + size + " bytes but only " + remaining + " follow its header");
            }
            if (id.equals("fmt ")) {
                format = parseFormat(file, bytes, body, (int) size);
            }
            // chunks are padded to an even size
            position = (int) Math.min(bytes.length, body + size + (size & 1));
        }
        throw new WavFormatException(file, format == null ? "no fmt chunk" : "no data chunk");
    }

    private static void checkRiffHeader(Path file, byte[] head, long fileSize) {
        if (head.length < 12) {
            throw new WavFormatException(file, "not a WAV file: " + fileSize
                    + " bytes, shorter than the 12-byte RIFF header");
        }
        String riff = chunkId(head, 0);
        String wave = chunkId(head, 8);
        if (riff.equals("RIFX")) {
            throw new WavFormatException(file,
                    "big-endian RIFX files are not supported; convert to little-endian RIFF");
        }
        if (riff.equals("RF64")) {
            throw new WavFormatException(file, "RF64 (64-bit WAV) files are not supported");
        }
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw new WavFormatException(file, "not a WAV file: expected 'RIFF' ... 'WAVE' at the start, got '"
                    + printable(riff) + "' ... '" + printable(wave) + "'");
        }
    }

    /** The fields of a {@code fmt } chunk this reader uses. */
    private record Format(int tag, int channels, int sampleRate, int blockAlign, int bits) {
    }

    private static Format parseFormat(Path file, byte[] bytes, int body, int size) {
        if (size < 16) {
            throw new WavFormatException(file, "fmt chunk of " + size + " bytes, expected at least 16");
        }
        int tag = uint16(bytes, body);
        int channels = uint16(bytes, body + 2);
        long sampleRate = uint32(bytes, body + 4);
        int blockAlign = uint16(bytes, body + 12);
        int bits = uint16(bytes, body + 14);
        if (tag == EXTENSIBLE) {
            if (size < 40) {
                throw new WavFormatException(file, "WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size
                        + " bytes, expected at least 40");
            }
            // the first two bytes of the sub-format GUID are the format tag
            tag = uint16(bytes, body + 24);
        }
        if (tag != PCM && tag != IEEE_FLOAT) {
            String name = COMPRESSED.get(tag);
            throw new WavFormatException(file, (name == null ? "unknown or compressed format"
                    : "compressed format " + name)
                    + String.format(" (0x%04X); only PCM (0x0001) and IEEE float (0x0003) are read", tag));
        }
        boolean supportedBits = tag == PCM ? bits == 8 || bits == 16 || bits == 24 || bits == 32
                : bits == 32 || bits == 64;
        if (!supportedBits) {
            throw new WavFormatException(file, bits + "-bit " + (tag == PCM ? "PCM" : "float")
                    + " samples are not supported; expected " + (tag == PCM ? "8, 16, 24 or 32" : "32 or 64")
                    + " bits");
        }
        if (channels == 0) {
            throw new WavFormatException(file, "fmt chunk says 0 channels");
        }
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw new WavFormatException(file, "sample rate " + sampleRate + " Hz outside the supported "
                    + MIN_SAMPLE_RATE + " to " + MAX_SAMPLE_RATE + " Hz");
        }
        int expectedAlign = channels * (bits / 8);
        if (blockAlign != expectedAlign) {
            throw new WavFormatException(file, "fmt chunk block align " + blockAlign + " bytes, expected "
                    + expectedAlign
                    + " (" + channels + " channels of " + bits + " bits)");
        }
        return new Format(tag, channels, (int) sampleRate, blockAlign, bits);
    }

    private static WavFile decode(Path file, byte[] bytes, int start, int size, Format format) {
        int frames = size / format.blockAlign();
        if (frames == 0) {
            throw new WavFormatException(file, "no samples: the data chunk holds " + size + " bytes, less than one "
                    + format.blockAlign() + "-byte frame");
        }
        int bytesPerSample = format.bits() / 8;
        int channels = format.channels();
        boolean floating = format.tag() == IEEE_FLOAT;
        float[] mono = new float[frames];
        for (int frame = 0; frame < frames; frame++) {
            int offset = start + frame * format.blockAlign();
            double sum = 0;
            for (int channel = 0; channel < channels; channel++) {
                double value = sample(bytes, offset + channel * bytesPerSample, format.bits(), floating);
                if (!(Math.abs(value) <= Float.MAX_VALUE)) {
                    throw new WavFormatException(file, (Double.isFinite(value) ? "sample beyond the float range "
                            : "non-finite sample ")
                            + value + " at frame " + frame + ", channel " + channel);
                }
                sum += value;
            }
            mono[frame] = (float) (sum / channels);
        }
        return new WavFile(new Waveform(mono, format.sampleRate()), channels, format.bits(), floating);
    }

    private static double sample(byte[] b, int at, int bits, boolean floating) {
        if (floating) {
            if (bits == 32) {
                return Float.intBitsToFloat((int) uint32(b, at));
            }
            return Double.longBitsToDouble(uint32(b, at) | (uint32(b, at + 4) << 32));
        }
        switch (bits) {
            case 8:
                return ((b[at] & 0xFF) - 128) / 128.0;
            case 16:
                return (short) uint16(b, at) / 32768.0;
            case 24:
                return ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | b[at + 2] << 16) / 8388608.0;
            default:
                return (int) uint32(b, at) / 2147483648.0;
        }
    }

    private static String chunkId(byte[] b, int at) {
        char[] id = new char[4];
        for (int i = 0; i < 4; i++) {
            id[i] = (char) (b[at + i] & 0xFF);
        }
        return new String(id);
    }

    private static String printable(String id) {
        StringBuilder out = new StringBuilder();
        for (char c : id.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return out.toString();
    }

    private static int uint16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long uint32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
