package dev.rnn4j.speech.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.speech.audio.Waveform;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    @Test
    void defaultsAt8kHz() {
        FeatureSettings s = FeatureSettings.defaults(8000);
        assertEquals(200, s.windowLength());
        assertEquals(80, s.hopLength());
        assertEquals(256, s.fftSize());
        assertEquals(129, s.frequencyBins());
        assertEquals(1 + 4000 / 80, s.frames(4000));
    }

    @Test
    void aToneLightsTheMelBandThatHoldsItsFrequency() {
        FeatureSettings s = FeatureSettings.defaults(8000);
        float[] tone = new float[4000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) Math.sin(2 * Math.PI * 1000.0 * i / 8000);
        }
        float[][] logMel = new FeatureExtractor(s).logMel(new Waveform(tone, 8000));
        assertEquals(51, logMel.length);
        int loudest = 0;
        for (int m = 1; m < 40; m++) {
            if (logMel[25][m] > logMel[25][loudest]) {
                loudest = m;
            }
        }
        // the band whose centre is nearest 1000 Hz
        double[] centres = new double[40];
        double step = (MelScale.HTK.hzToMel(4000)) / 41;
        int nearest = 0;
        for (int m = 0; m < 40; m++) {
            centres[m] = MelScale.HTK.melToHz((m + 1) * step);
            if (Math.abs(centres[m] - 1000) < Math.abs(centres[nearest] - 1000)) {
                nearest = m;
            }
        }
        assertTrue(Math.abs(loudest - nearest) <= 1, "loudest band " + loudest + ", nearest to 1000 Hz " + nearest);
    }

    @Test
    void rejectsShortInputWrongRateAndBadSettings() {
        FeatureExtractor extractor = new FeatureExtractor(FeatureSettings.defaults(8000));
        IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
                () -> extractor.logMel(new float[128]));
        assertEquals("samples: expected at least 129 samples (one analysis window), got 128", shortInput.getMessage());
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> extractor.mfcc(new Waveform(new float[1000], 16000)));
        assertTrue(rate.getMessage().contains("expected 8000 Hz, got 16000 Hz"), rate.getMessage());
        FeatureSettings s = FeatureSettings.defaults(8000);
        assertThrows(IllegalArgumentException.class, () -> s.withWindow(WindowType.HANN, 300));
        assertThrows(IllegalArgumentException.class, () -> s.withMel(40, 0, 5000, MelScale.HTK, false));
        assertThrows(IllegalArgumentException.class, () -> s.withCoefficients(41));
        assertThrows(IllegalArgumentException.class, () -> s.withLogOffset(0));
    }
}
