package dev.rnn4j.speech.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.speech.audio.WavReader;
import dev.rnn4j.speech.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectedDigitsTest {
    @TempDir
    static Path folder;

    private static FsddDataset data;

    @BeforeAll
    static void miniature() throws IOException {
        data = FsddDataset.load(FsddDatasetTest.miniature(folder, List.of("ann", "bob", "cy"), 7));
    }

    @Test
    void sameSeedSameBytesAndOtherSeedOtherUtterances() {
        ConnectedDigits.Sets a = ConnectedDigits.defaults().officialSets(data, 20, 8, 42);
        ConnectedDigits.Sets b = ConnectedDigits.defaults().officialSets(data, 20, 8, 42);
        for (int k = 0; k < 20; k++) {
            assertArrayEquals(WavWriter.pcm16(a.train().get(k).waveform()),
                    WavWriter.pcm16(b.train().get(k).waveform()));
            assertArrayEquals(a.train().get(k).digits(), b.train().get(k).digits());
        }
        for (int k = 0; k < 8; k++) {
            assertArrayEquals(WavWriter.float32(a.test().get(k).waveform()),
                    WavWriter.float32(b.test().get(k).waveform()));
        }
        ConnectedDigits.Sets other = ConnectedDigits.defaults().officialSets(data, 20, 8, 43);
        boolean differ = false;
        for (int k = 0; k < 20 && !differ; k++) {
            differ = !other.train().get(k).transcript().equals(a.train().get(k).transcript());
        }
        assertTrue(differ);
        // utterance k does not depend on how many were asked for
        List<ConnectedUtterance> fewer = ConnectedDigits.defaults().generate(data.officialSplit().train(), 5, 42,
                ConnectedDigits.cachedReader());
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(a.train().get(k).waveform().samples(), fewer.get(k).waveform().samples());
        }
    }

    @Test
    void trainingUtterancesHearOnlyTrainingRecordingsOfOneSpeaker() {
        ConnectedDigits.Sets sets = ConnectedDigits.defaults().officialSets(data, 60, 60, 7);
        for (ConnectedUtterance u : sets.train()) {
            assertTrue(u.sources().stream().noneMatch(FsddRecording::isTest), "a test recording in " + u.sources());
            assertTrue(u.sources().stream().allMatch(r -> r.speaker().equals(u.speaker())));
        }
        for (ConnectedUtterance u : sets.test()) {
            assertTrue(u.sources().stream().allMatch(FsddRecording::isTest), "a training recording in " + u.sources());
        }
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (ConnectedUtterance u : sets.train()) {
            int n = u.digits().length;
            shortest = Math.min(shortest, n);
            longest = Math.max(longest, n);
            for (int i = 0; i < n; i++) {
                assertEquals(u.digits()[i], u.sources().get(i).digit());
            }
            assertEquals(n, u.transcript().length());
        }
        assertEquals(2, shortest);
        assertEquals(7, longest);
    }

    @Test
    void audioIsTheRecordingsWithSilencesAndGainsInBetween() {
        ConnectedDigits noGain = new ConnectedDigits(3, 3, 0.1, 0.1, 0, 0);
        ConnectedUtterance u = noGain.generate(data.officialSplit().train(), 1, 5,
                ConnectedDigits.cachedReader()).get(0);
        int silence = 800;
        float[] samples = u.waveform().samples();
        int at = 0;
        for (int i = 0; i < 3; i++) {
            for (int n = at; n < at + silence; n++) {
                assertEquals(0f, samples[n], "silence at " + n);
            }
            at += silence;
            float[] part = WavReader.read(u.sources().get(i).file()).waveform().samples();
            for (int n = 0; n < part.length; n++) {
                assertEquals(part[n], samples[at + n], "digit " + i + " sample " + n);
            }
            at += part.length;
        }
        assertEquals(at + silence, samples.length);

        ConnectedDigits loud = new ConnectedDigits(2, 2, 0, 0, 6, 6);
        ConnectedUtterance louder = loud.generate(data.officialSplit().train(), 1, 5,
                ConnectedDigits.cachedReader()).get(0);
        float[] first = WavReader.read(louder.sources().get(0).file()).waveform().samples();
        assertEquals(first[10] * Math.pow(10, 6 / 20.0), louder.waveform().samples()[10], 1e-6);
    }

    @Test
    void rejectsBadSettingsAndEmptyPools() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectedDigits(3, 2, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConnectedDigits(2, 7, 0.3, 0.1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ConnectedDigits.defaults().generate(List.of(), 1, 1, ConnectedDigits.cachedReader()));
        assertFalse(ConnectedDigits.defaults().generate(data.recordings(), 0, 1,
                ConnectedDigits.cachedReader()).size() > 0);
    }
}
