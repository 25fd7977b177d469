package dev.rnn4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioLoaderTest {
    @TempDir
    Path folder;

    private Path sine(String name, int rate, int samples) throws IOException {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440.0 * i / rate));
        }
        Path file = folder.resolve(name);
        WavWriter.write(file, WavWriter.pcm16(new Waveform(x, rate)));
        return file;
    }

    @Test
    void resamplesToTheModelRateAndSaysSo() throws IOException {
        Path file = sine("a.wav", 44100, 4410);
        AudioLoader.LoadedAudio audio = AudioLoader.load(file, 16000, 400);
        assertTrue(audio.resampled());
        assertEquals(16000, audio.waveform().sampleRate());
        assertEquals(1600, audio.waveform().length());
        assertEquals(44100, audio.source().waveform().sampleRate());
        // a 440 Hz tone keeps its amplitude through the band-limited resampling (away from the edges)
        float peak = 0;
        for (int i = 200; i < 1400; i++) {
            peak = Math.max(peak, Math.abs(audio.waveform().samples()[i]));
        }
        assertEquals(0.5, peak, 0.01);
        assertFalse(AudioLoader.load(sine("b.wav", 16000, 800), 16000, 400).resampled());
    }

    @Test
    void fileShorterThanOneWindowIsRejectedNamingIt() throws IOException {
        Path file = sine("short.wav", 8000, 99);
        WavFormatException e = assertThrows(WavFormatException.class, () -> AudioLoader.load(file, 8000, 100));
        assertTrue(e.getMessage().contains("short.wav") && e.getMessage().contains("too short: 99 samples")
                && e.getMessage().contains("one analysis window of 100 samples"), e.getMessage());
    }
}
