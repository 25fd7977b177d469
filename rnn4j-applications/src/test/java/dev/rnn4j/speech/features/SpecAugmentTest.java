package dev.rnn4j.speech.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpecAugmentTest {
    private static float[][] ones(int frames, int bands) {
        float[][] x = new float[frames][bands];
        for (float[] frame : x) {
            java.util.Arrays.fill(frame, 1f);
        }
        return x;
    }

    @Test
    void sameSeedSameMasksAndTheInputIsUnchanged() {
        SpecAugment augment = SpecAugment.speechDefaults();
        float[][] x = ones(50, 40);
        float[][] a = augment.apply(x, new SplittableRandom(7));
        float[][] b = augment.apply(x, new SplittableRandom(7));
        for (int t = 0; t < 50; t++) {
            assertArrayEquals(a[t], b[t]);
            for (float v : x[t]) {
                assertEquals(1f, v);
            }
        }
    }

    @Test
    void masksAreContiguousBandsAndFramesWithinTheirLimits() {
        // frequency masks only: every masked column is masked in every frame
        SpecAugment frequency = new SpecAugment(1, 6, 0, 0, 0, -3f);
        int seedsWithAMask = 0;
        for (int seed = 0; seed < 40; seed++) {
            float[][] y = frequency.apply(ones(20, 30), new SplittableRandom(seed));
            int first = -1;
            int last = -1;
            for (int f = 0; f < 30; f++) {
                if (y[0][f] == -3f) {
                    if (first < 0) {
                        first = f;
                    }
                    last = f;
                }
                for (float[] frame : y) {
                    assertEquals(y[0][f], frame[f]);
                }
            }
            if (first >= 0) {
                seedsWithAMask++;
                assertTrue(last - first + 1 <= 6);
                for (int f = first; f <= last; f++) {
                    assertEquals(-3f, y[0][f], "one contiguous mask");
                }
            }
        }
        assertTrue(seedsWithAMask > 20, "most widths drawn from [0, 6] are not 0: " + seedsWithAMask);

        // time masks only, limited to 10 % of 30 frames = 3 frames
        SpecAugment time = new SpecAugment(0, 0, 1, 100, 0.1, 0f);
        for (int seed = 0; seed < 40; seed++) {
            float[][] y = time.apply(ones(30, 4), new SplittableRandom(seed));
            int masked = 0;
            for (float[] frame : y) {
                if (frame[0] == 0f) {
                    masked++;
                    assertArrayEquals(new float[4], frame);
                }
            }
            assertTrue(masked <= 3, "at most 3 frames masked, got " + masked);
        }
    }

    @Test
    void differentSeedsGiveDifferentMasks() {
        SpecAugment augment = SpecAugment.speechDefaults();
        float[][] a = augment.apply(ones(80, 40), new SplittableRandom(1));
        float[][] b = augment.apply(ones(80, 40), new SplittableRandom(2));
        boolean differ = false;
        for (int t = 0; t < 80 && !differ; t++) {
            differ = !java.util.Arrays.equals(a[t], b[t]);
        }
        assertTrue(differ);
        assertNotEquals(0, a.length);
        assertFalse(new SpecAugment(0, 0, 0, 0, 0, 0f).apply(ones(2, 2), new SplittableRandom(1))[0][0] != 1f);
    }
}
