package dev.rnn4j.lm;

import dev.rnn4j.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamBatchesTest {

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static List<StreamBatches.Window> epoch(StreamBatches s, long seed) {
        List<StreamBatches.Window> out = new ArrayList<>();
        Iterator<StreamBatches.Window> it = s.batches(0, new Rng(seed));
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void streamsAreContiguousAndWindowsContinueEachOther() {
        // 23 tokens, 2 streams of 11 (token 22 dropped), windows of 4 over 10 positions: 4, 4, 2
        StreamBatches s = new StreamBatches(range(23), 2, 4, false);
        assertEquals(11, s.streamLength());
        assertEquals(3, s.batchesPerEpoch());
        List<StreamBatches.Window> w = epoch(s, 1);
        assertEquals(3, w.size());
        // time-major (len, B): stream 0 is 0..10, stream 1 is 11..21
        assertArrayEquals(new int[] {0, 11, 1, 12, 2, 13, 3, 14}, w.get(0).inputs());
        assertArrayEquals(new int[] {1, 12, 2, 13, 3, 14, 4, 15}, w.get(0).targets());
        assertArrayEquals(new int[] {4, 15, 5, 16, 6, 17, 7, 18}, w.get(1).inputs());
        assertEquals(2, w.get(2).length());
        assertArrayEquals(new int[] {8, 19, 9, 20}, w.get(2).inputs());
        assertArrayEquals(new int[] {9, 20, 10, 21}, w.get(2).targets());
        assertEquals(0, w.get(0).index());
        assertEquals(2, w.get(2).index());
    }

    @Test
    void randomLengthsDependOnTheGeneratorOnlyAndStayInsideTheStream() {
        StreamBatches s = new StreamBatches(range(4000), 4, 20, true);
        assertEquals(999 / 20, s.batchesPerEpoch());
        List<StreamBatches.Window> a = epoch(s, 7);
        List<StreamBatches.Window> b = epoch(s, 7);
        List<StreamBatches.Window> c = epoch(s, 8);
        int total = 0;
        boolean varied = false;
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k).inputs(), b.get(k).inputs());
            int len = a.get(k).length();
            assertTrue(len >= 1 && len <= 40, "length " + len);
            varied |= len != 20;
            total += len;
            // consecutive: window k starts where window k - 1 ended
            assertEquals(total - len, a.get(k).inputs()[0]);
        }
        assertTrue(varied);
        assertTrue(total <= 999, "positions used " + total);
        assertEquals(s.batchesPerEpoch(), a.size());
        assertNotEquals(lengths(a), lengths(c));
    }

    private static List<Integer> lengths(List<StreamBatches.Window> w) {
        return w.stream().map(StreamBatches.Window::length).toList();
    }

    @Test
    void aTextShorterThanOneWindowPerStreamIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamBatches(range(40), 4, 10, false));
        assertTrue(e.getMessage().contains("has 40 characters, shorter than one window per stream: 4 streams x"
                + " (window 10 + 1) = 44 characters needed"), e.getMessage());
        new StreamBatches(range(44), 4, 10, false); // exactly one window fits
    }
}
