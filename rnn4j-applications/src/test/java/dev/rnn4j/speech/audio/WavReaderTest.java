package dev.rnn4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    private static final Path NAME = Path.of("clip.wav");

    @TempDir
    Path folder;

    private static WavFormatException fails(byte[] bytes) {
        WavFormatException e = assertThrows(WavFormatException.class, () -> WavReader.read(bytes, NAME));
        assertTrue(e.getMessage().startsWith("clip.wav: "), e.getMessage());
        return e;
    }

    @Test
    void reads16BitMono() {
        byte[] wav = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 8000, 16)),
                WavBytes.chunk("data", WavBytes.pcm16(0, 16384, -32768, 32767)));
        WavFile file = WavReader.read(wav, NAME);
        assertArrayEquals(new float[] {0f, 0.5f, -1f, 32767f / 32768f}, file.waveform().samples());
        assertEquals(8000, file.waveform().sampleRate());
        assertEquals("16-bit PCM, 1 channel, 8000 Hz", file.describe());
    }

    @Test
    void mixesStereoDownToTheMeanAndSkipsOtherChunks() {
        byte[] wav = WavBytes.riff(WavBytes.chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 'x'}),
                WavBytes.chunk("fmt ", WavBytes.format(1, 2, 44100, 16)),
                WavBytes.chunk("fact", new byte[4]),
                WavBytes.chunk("data", WavBytes.pcm16(16384, 0, -16384, -16384, 3)));
        WavFile file = WavReader.read(wav, NAME);
        // the odd trailing sample is half a frame: dropped
        assertArrayEquals(new float[] {0.25f, -0.5f}, file.waveform().samples());
        assertEquals(2, file.channels());
    }

    @Test
    void reads8And24And32BitPcmAndFloatAndExtensible() {
        byte[] eight = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 16000, 8)),
                WavBytes.chunk("data", new byte[] {(byte) 128, (byte) 192, 0, (byte) 255}));
        assertArrayEquals(new float[] {0f, 0.5f, -1f, 127f / 128f}, WavReader.read(eight, NAME).waveform().samples());

        byte[] twentyFour = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 48000, 24)),
                WavBytes.chunk("data", new byte[] {0, 0, 0x40, 0, 0, (byte) 0x80, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF}));
        assertArrayEquals(new float[] {0.5f, -1f, -1f / 8388608f}, WavReader.read(twentyFour,
                NAME).waveform().samples());

        ByteBuffer ints = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MIN_VALUE).putInt(1 << 30);
        byte[] thirtyTwo = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 22050, 32)),
                WavBytes.chunk("data", ints.array()));
        assertArrayEquals(new float[] {-1f, 0.5f}, WavReader.read(thirtyTwo, NAME).waveform().samples());

        ByteBuffer floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-0.75f);
        byte[] float32 = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.extensible(3, 1, 16000, 32)),
                WavBytes.chunk("data", floats.array()));
        WavFile file = WavReader.read(float32, NAME);
        assertArrayEquals(new float[] {0.25f, -0.75f}, file.waveform().samples());
        assertTrue(file.floatingPoint());

        ByteBuffer doubles = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(-0.125);
        byte[] float64 = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(3, 1, 16000, 64)),
                WavBytes.chunk("data", doubles.array()));
        assertArrayEquals(new float[] {-0.125f}, WavReader.read(float64, NAME).waveform().samples());
    }

    @Test
    void writerOutputReadsBack() throws IOException {
        float[] samples = {0f, 0.5f, -0.25f, 1f, -1f};
        Path file = folder.resolve("out/clip.wav");
        WavWriter.write(file, WavWriter.pcm16(new Waveform(samples, 11025)));
        WavFile read = WavReader.read(file);
        assertEquals(11025, read.waveform().sampleRate());
        assertArrayEquals(new float[] {0f, 0.5f, -0.25f, 32767f / 32768f, -1f}, read.waveform().samples());
        assertArrayEquals(samples, WavReader.read(WavWriter.float32(new Waveform(samples, 8000)),
                NAME).waveform().samples());
    }

    @Test
    void rejectsNonWavFilesNamingTheFile() {
        assertTrue(fails("hello, this is text".getBytes()).getMessage().contains("not a WAV file"));
        assertTrue(fails(new byte[3]).getMessage().contains("shorter than the 12-byte RIFF header"));
        byte[] rifx = WavBytes.riff();
        rifx[3] = 'X';
        assertTrue(fails(rifx).getMessage().contains("RIFX"));
    }

    @Test
    void rejectsCompressedFormatsByName() {
        byte[] mp3 = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(0x55, 1, 8000, 16)),
                WavBytes.chunk("data", new byte[8]));
        String message = fails(mp3).getMessage();
        assertTrue(message.contains("MPEG Layer 3 (0x0055)") && message.contains("only PCM"), message);
        byte[] ulaw = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.extensible(7, 1, 8000, 8)),
                WavBytes.chunk("data", new byte[8]));
        assertTrue(fails(ulaw).getMessage().contains("µ-law"));
        byte[] twelveBit = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 8000, 12)),
                WavBytes.chunk("data", new byte[8]));
        assertTrue(fails(twelveBit).getMessage().contains("12-bit PCM"));
    }

    @Test
    void rejectsTruncatedFilesWithoutTrustingTheHeader() {
        byte[] whole = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 8000, 16)),
                WavBytes.chunk("data", WavBytes.pcm16(1, 2, 3, 4)));
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        String message = fails(cut).getMessage();
        assertTrue(message.contains("truncated: the data chunk claims 8 bytes but only 5 follow"), message);
        // a header claiming about 4 GB of samples in a tiny file
        byte[] lying = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 8000, 16)),
                WavBytes.chunk("data", 0xFFFFFFF0L, WavBytes.pcm16(1, 2)));
        assertTrue(fails(lying).getMessage().contains("claims 4294967280 bytes"));
        byte[] cutFormat = Arrays.copyOf(whole, 20);
        assertTrue(fails(cutFormat).getMessage().contains("truncated: the 'fmt ' chunk"));
    }

    @Test
    void rejectsFilesWithoutSamples() {
        byte[] empty = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 8000, 16)),
                WavBytes.chunk("data", new byte[0]));
        assertTrue(fails(empty).getMessage().contains("no samples"));
        byte[] noData = WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 8000, 16)));
        assertTrue(fails(noData).getMessage().contains("no data chunk"));
        byte[] dataFirst = WavBytes.riff(WavBytes.chunk("data", WavBytes.pcm16(1)),
                WavBytes.chunk("fmt ", WavBytes.format(1, 1, 8000, 16)));
        assertTrue(fails(dataFirst).getMessage().contains("before any fmt chunk"));
    }

    @Test
    void rejectsInconsistentFormatChunksAndNonFiniteFloats() {
        byte[] badAlign = WavBytes.format(1, 2, 8000, 16);
        badAlign[12] = 3;
        assertTrue(fails(WavBytes.riff(WavBytes.chunk("fmt ", badAlign), WavBytes.chunk("data", new byte[12])))
                .getMessage().contains("block align 3 bytes, expected 4"));
        assertTrue(fails(WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(1, 1, 12, 16)),
                WavBytes.chunk("data", new byte[4]))).getMessage().contains("sample rate 12 Hz"));
        ByteBuffer nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
        assertTrue(fails(WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(3, 1, 8000, 32)),
                WavBytes.chunk("data", nan.array()))).getMessage().contains("non-finite sample"));
        ByteBuffer huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e300);
        assertTrue(fails(WavBytes.riff(WavBytes.chunk("fmt ", WavBytes.format(3, 1, 8000, 64)),
                WavBytes.chunk("data", huge.array()))).getMessage().contains("beyond the float range"));
    }

    @Test
    void missingFileIsAWavFormatExceptionNamingIt() {
        Path missing = folder.resolve("missing.wav");
        WavFormatException e = assertThrows(WavFormatException.class, () -> WavReader.read(missing));
        assertTrue(e.getMessage().contains("missing.wav") && e.getMessage().contains("no such file"), e.getMessage());
    }
}
