package dev.rnn4j.speech.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes mono WAV files with the canonical 44-byte header: 16-bit PCM (samples clamped to ±1 and
 * rounded to the nearest of s / 32768, s in [−32768, 32767]) or 32-bit IEEE float. Files are
 * written to a temporary sibling and moved into place, so a reader never sees half a file.
 */
public final class WavWriter {
    private WavWriter() {
    }

    /** The bytes of a 16-bit PCM mono WAV file holding {@code waveform}. */
    public static byte[] pcm16(Waveform waveform) {
        float[] samples = check(waveform).samples();
        ByteBuffer out = header(samples.length * 2L, 1, waveform.sampleRate(), 16);
        for (float sample : samples) {
            double clamped = Math.max(-1.0, Math.min(1.0, sample));
            out.putShort((short) Math.max(-32768, Math.min(32767, Math.round(clamped * 32768.0))));
        }
        return out.array();
    }

    /** The bytes of a 32-bit IEEE float mono WAV file holding {@code waveform}. */
    public static byte[] float32(Waveform waveform) {
        float[] samples = check(waveform).samples();
        ByteBuffer out = header(samples.length * 4L, 3, waveform.sampleRate(), 32);
        for (float sample : samples) {
            out.putFloat(sample);
        }
        return out.array();
    }

    /**
     * Writes {@code bytes} (from {@link #pcm16} or {@link #float32}) to {@code file} atomically,
     * creating parent folders.
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        if (file == null || bytes == null) {
            throw new IllegalArgumentException("file, bytes: expected a file and its bytes, got " + file + ", "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Waveform check(Waveform waveform) {
        if (waveform == null) {
            throw new IllegalArgumentException("waveform: expected audio, got null");
        }
        return waveform;
    }

    /** A little-endian buffer of the whole file with the RIFF, fmt and data headers written. */
    private static ByteBuffer header(long dataBytes, int formatTag, int sampleRate, int bits) {
        if (dataBytes > Integer.MAX_VALUE - 44) {
            throw new IllegalArgumentException("waveform: " + dataBytes + " bytes of samples do not fit one WAV file");
        }
        int blockAlign = bits / 8;
        ByteBuffer out = ByteBuffer.allocate(44 + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + (int) dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        out.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) formatTag).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        out.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
        return out;
    }
}
