package dev.rnn4j.speech.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-built WAV files for the tests: a RIFF header, a fmt chunk, optional extra chunks and a data chunk. */
final class WavBytes {
    private WavBytes() {
    }

    /** A fmt chunk body of 16 bytes. */
    static byte[] format(int tag, int channels, int rate, int bits) {
        int align = channels * bits / 8;
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * align).putShort((short) align).putShort((short) bits).array();
    }

    /** A WAVE_FORMAT_EXTENSIBLE fmt chunk body of 40 bytes whose sub-format is {@code subTag}. */
    static byte[] extensible(int subTag, int channels, int rate, int bits) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put(format(0xFFFE, channels, rate, bits)).putShort((short) 22).putShort((short) bits).putInt(0);
        b.putShort((short) subTag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
                (byte) 0x9B, 0x71});
        return b.array();
    }

    /** One chunk: id, little-endian size (which may lie), body, pad byte when odd. */
    static byte[] chunk(String id, long claimedSize, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) claimedSize).put(body);
        return b.array();
    }

    static byte[] chunk(String id, byte[] body) {
        return chunk(id, body.length, body);
    }

    /** A RIFF/WAVE file of {@code chunks}. */
    static byte[] riff(byte[]... chunks) {
        int size = 4;
        for (byte[] c : chunks) {
            size += c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(size)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            b.put(c);
        }
        return b.array();
    }

    /** Little-endian bytes of 16-bit samples. */
    static byte[] pcm16(int... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : samples) {
            b.putShort((short) s);
        }
        return b.array();
    }
}
