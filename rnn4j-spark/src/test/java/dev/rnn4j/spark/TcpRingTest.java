package dev.rnn4j.spark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCP ring on its own: workers as threads of one JVM on 127.0.0.1. */
class TcpRingTest {

    private static final int TIMEOUT_MILLIS = 3000;

    /** What one worker does with its ring. */
    private interface RingWork {
        Object run(int rank, TcpRing ring) throws Exception;
    }

    @Test
    void threeWorkersSumEveryChunkInTheFixedCyclicOrderBitForBit() throws Exception {
        int n = 3;
        int p = 1001; // chunks of 333, 334, 334
        float[][] values = randomValues(n, p, 7);
        List<Object> results = runRing(n, (rank, ring) -> {
            float[] mine = values[rank].clone();
            double loss = ring.allReduce(mine, 5, 0.25 * (rank + 1));
            return new Object[] {mine, loss};
        });
        float[] expected = new float[p];
        for (int c = 0; c < n; c++) {
            for (int i = TcpRing.chunkStart(c, p, n); i < TcpRing.chunkStart(c + 1, p, n); i++) {
                float sum = values[c][i];
                for (int k = 1; k < n; k++) {
                    sum = sum + values[(c + k) % n][i];
                }
                expected[i] = sum;
            }
        }
        for (int rank = 0; rank < n; rank++) {
            Object[] result = (Object[]) results.get(rank);
            assertArrayEquals(bits(expected), bits((float[]) result[0]), "rank " + rank);
            assertEquals(0.25 + 0.5 + 0.75, (double) result[1], 0.0, "losses summed in rank order");
        }
    }

    @Test
    void twoWorkersGiveTheRankOrderSumAndRepeatedCallsReuseTheRing() throws Exception {
        float[][] values = randomValues(2, 17, 3);
        List<Object> results = runRing(2, (rank, ring) -> {
            float[] first = values[rank].clone();
            ring.allReduce(first, 0, 1);
            float[] second = values[rank].clone();
            ring.allReduce(second, 1, 1);
            assertArrayEquals(bits(first), bits(second));
            return first;
        });
        float[] expected = new float[17];
        for (int i = 0; i < 17; i++) {
            expected[i] = values[0][i] + values[1][i];
        }
        assertArrayEquals(bits(expected), bits((float[]) results.get(0)));
        assertArrayEquals(bits(expected), bits((float[]) results.get(1)));
    }

    @Test
    void workersAtDifferentStepsFail() throws Exception {
        // each rank reads the other's step; whichever reads first names the cause and closes, so the other may
        // instead see its neighbour close: at least one of them must name it
        List<Throwable> failures = runRingCollectingFailures(2,
                (rank, ring) -> ring.allReduce(new float[8], rank == 0 ? 3 : 4, 0));
        assertEquals(2, failures.size(), "both workers fail");
        for (Throwable failure : failures) {
            assertInstanceOf(IOException.class, failure);
        }
        assertTrue(failures.stream().anyMatch(f -> f.getMessage().contains("resumed from different checkpoints")),
                failures.toString());
    }

    @Test
    void aNeighbourThatClosesFailsTheOthersAtOnceAndOneThatHangsAfterTheTimeout() {
        long start = System.nanoTime();
        ExecutionException closed = assertThrows(ExecutionException.class, () -> runRing(3, (rank, ring) -> {
            if (rank == 1) {
                ring.close();
                return null;
            }
            return ring.allReduce(new float[30], 0, 0);
        }));
        assertTrue(closed.getCause().getMessage().contains("closed the connection"), closed.getCause().getMessage());
        assertTrue((System.nanoTime() - start) / 1e6 < TIMEOUT_MILLIS, "fails before the timeout");

        start = System.nanoTime();
        ExecutionException hung = assertThrows(ExecutionException.class, () -> runRing(2, (rank, ring) -> {
            if (rank == 1) {
                Thread.sleep(TIMEOUT_MILLIS + 2 * TcpRing.POLL_MILLIS);
                return null;
            }
            return ring.allReduce(new float[30], 0, 0);
        }));
        assertTrue(hung.getCause().getMessage().contains("no data from the left neighbour for " + TIMEOUT_MILLIS
                + " ms"), hung.getCause().getMessage());
        assertTrue((System.nanoTime() - start) / 1e6 >= TIMEOUT_MILLIS);
    }

    @Test
    void theHostOfATaskAddress() {
        assertEquals("127.0.0.1", RingReducer.host("127.0.0.1:41234"));
        assertEquals("worker-3.example", RingReducer.host("worker-3.example:7077"));
        assertEquals("::1", RingReducer.host("[::1]:7077"));
        assertEquals("fe80::1", RingReducer.host("fe80::1"));
    }

    // runs n workers, each in a thread with its own ring, and returns their results in rank order; the first
    // failure (in rank order) is thrown as the ExecutionException of its future
    private static List<Object> runRing(int n, RingWork work) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<ServerSocket> servers = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ServerSocket server = new ServerSocket(0, n, loopback);
            servers.add(server);
            addresses.add(new InetSocketAddress(loopback, server.getLocalPort()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                Callable<Object> task = () -> {
                    try (TcpRing ring = TcpRing.connect(rank, servers.get(rank), addresses, TIMEOUT_MILLIS, () -> { })) {
                        return work.run(rank, ring);
                    }
                };
                futures.add(pool.submit(task));
            }
            List<Object> results = new ArrayList<>();
            ExecutionException first = null;
            for (Future<Object> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // runs n workers like runRing and returns the exceptions of those that failed, in the order they failed
    private static List<Throwable> runRingCollectingFailures(int n, RingWork work) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        runRing(n, (rank, ring) -> {
            try {
                return work.run(rank, ring);
            } catch (Exception e) {
                synchronized (failures) {
                    failures.add(e);
                }
                return null;
            }
        });
        return failures;
    }

    private static float[][] randomValues(int n, int p, long seed) {
        Random random = new Random(seed);
        float[][] values = new float[n][p];
        for (float[] v : values) {
            for (int i = 0; i < p; i++) {
                v[i] = (float) random.nextGaussian() * (float) Math.pow(10, random.nextInt(6) - 3);
            }
        }
        return values;
    }

    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }
}
