package dev.rnn4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/**
 * Fuzz target of the WAV reader ({@link WavReader#read(byte[], Path)}): any bytes either read as
 * audio, or raise a {@link WavFormatException} whose message names the file. Any other exception or
 * error, or a hang, is a finding.
 *
 * <p>Audio that reads must be usable: at least one sample, every sample finite, integer PCM within
 * ±1, the rate within the reader's range, and a 16-bit copy ({@link WavWriter#pcm16}) that reads back
 * with the same length and rate. Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/speech/audio/WavReaderFuzzTestInputs/readsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class WavReaderFuzzTest {
    private static final Path NAME = Path.of("fuzz.wav");

    @FuzzTest(maxDuration = "60s")
    void readsOrFailsClearly(byte[] input) {
        WavFile file;
        try {
            file = WavReader.read(input, NAME);
        } catch (WavFormatException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("fuzz.wav: ") && e.getMessage().length() > 10,
                    "a WavFormatException without the file name or a message: " + e.getMessage());
            return;
        }
        Waveform waveform = file.waveform();
        assertTrue(waveform.length() > 0, "audio without samples");
        assertTrue(waveform.sampleRate() >= WavReader.MIN_SAMPLE_RATE && waveform.sampleRate() <= WavReader.MAX_SAMPLE_RATE);
        for (float sample : waveform.samples()) {
            assertTrue(Float.isFinite(sample), "a non-finite sample");
            assertTrue(file.floatingPoint() || Math.abs(sample) <= 1f, "a PCM sample beyond full scale: " + sample);
        }
        Waveform again = WavReader.read(WavWriter.pcm16(waveform), NAME).waveform();
        assertEquals(waveform.length(), again.length());
        assertEquals(waveform.sampleRate(), again.sampleRate());
        assertFalse(file.describe().isBlank());
    }
}
