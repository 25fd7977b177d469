package dev.rnn4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A ring all-reduce of float arrays over TCP between N workers: worker r sends to r + 1 (mod N) on a
 * connection it opened and receives from r − 1 on a connection it accepted. Plain Java: the Spark side
 * (the addresses exchanged once through the barrier's {@code allGather}) is {@link RingReducer}'s.
 *
 * <p>{@link #allReduce} splits the P values into N chunks (chunk c is {@code [cP/N, (c+1)P/N)}) and runs a
 * reduce-scatter then an all-gather, N − 1 hops each; every hop sends one chunk to the right neighbour and
 * receives one from the left as raw little-endian float bytes, so each worker sends and receives
 * {@code 2(N−1)/N · 4P} bytes per call. Chunk c is summed in the fixed order of ranks c, c+1, ..., c−1
 * (mod N), left to right: the result is the same on every worker and in every run; with two workers it
 * equals the rank-order sum bit for bit (float addition of two terms commutes). The reduce-scatter hops also
 * carry each worker's step and loss, so every worker learns all N losses (summed in rank order) and checks
 * that all workers are at the same step.
 *
 * <p>Failure: every wait (connecting, accepting, reading, writing) polls once a second, calls the
 * {@code killCheck} (which throws when the task is killed) and gives up with an {@link IOException} after
 * {@code timeoutMillis}; a neighbour that fails closes its sockets, so the other workers see the end of their
 * stream at once. One worker's training thread calls it; a helper thread writes while that thread reads, so
 * that two neighbours sending large chunks to each other cannot block on full socket buffers.
 */
final class TcpRing implements AutoCloseable {

    /** How often a blocked wait wakes to check for a killed task and the deadline. */
    static final int POLL_MILLIS = 1000;
    private static final int MAGIC = 0x524E4E34; // "RNN4"
    /** A hop's header: magic, step, origin rank, origin loss, chunk index, float count. */
    private static final int HEADER_BYTES = 4 + 8 + 4 + 8 + 4 + 4;

    private final int rank;
    private final int workers;
    private final int timeoutMillis;
    private final Runnable killCheck;
    private final Socket right;
    private final Socket left;
    private final OutputStream toRight;
    private final InputStream fromLeft;
    private final ExecutorService writer;

    private byte[] sendBuffer = new byte[0];
    /** The loss in the last hop's header: in reduce-scatter, that of the rank whose chunk the hop carried. */
    private double lastLoss;
    private byte[] receiveBuffer = new byte[0];
    private long bytesSent;
    private long transferNanos;
    private long sumNanos;

    private TcpRing(int rank, int workers, int timeoutMillis, Runnable killCheck, Socket right, Socket left)
            throws IOException {
        this.rank = rank;
        this.workers = workers;
        this.timeoutMillis = timeoutMillis;
        this.killCheck = killCheck;
        this.right = right;
        this.left = left;
        this.toRight = right.getOutputStream();
        this.fromLeft = left.getInputStream();
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rnn4j-ring-writer-" + rank);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects worker {@code rank} to its neighbours: opens a connection to {@code addresses.get(rank + 1 mod N)}
     * and accepts one on {@code server} from rank − 1, each checked by a handshake (ranks and N). Closes
     * {@code server} when done.
     *
     * @param server        this worker's listening socket, whose address is {@code addresses.get(rank)}
     * @param addresses     every worker's listening address, in rank order (N of them, N at least 2)
     * @param timeoutMillis how long any wait may take before the ring fails
     * @param killCheck     called while waiting; throws when the worker's task has been killed
     * @throws IOException when a neighbour cannot be reached in time or answers wrongly
     */
    static TcpRing connect(int rank, ServerSocket server, List<InetSocketAddress> addresses, int timeoutMillis,
                           Runnable killCheck) throws IOException {
        int n = addresses.size();
        if (n < 2 || rank < 0 || rank >= n) {
            throw new IllegalArgumentException("addresses, rank: expected at least 2 addresses and a rank in [0, "
                    + n + "), got " + n + " addresses and rank " + rank);
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeoutMillis: expected at least 1, got " + timeoutMillis);
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Socket right = new Socket();
        Socket left = null;
        try (server) {
            InetSocketAddress target = addresses.get((rank + 1) % n);
            // the neighbour may not listen yet only if it has not reached allGather, which it has: connect once
            right.connect(target, timeoutMillis);
            right.setTcpNoDelay(true);
            ByteBuffer hello = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(rank)
                    .putInt(n);
            right.getOutputStream().write(hello.array());
            right.getOutputStream().flush();
            server.setSoTimeout(POLL_MILLIS);
            while (left == null) {
                try {
                    left = server.accept();
                } catch (SocketTimeoutException e) {
                    killCheck.run();
                    if (System.nanoTime() > deadline) {
                        throw new IOException("rank " + rank + ": rank " + (rank + n - 1) % n + " did not connect"
                                + " within " + timeoutMillis + " ms", e);
                    }
                }
            }
            left.setTcpNoDelay(true);
            left.setSoTimeout(POLL_MILLIS);
            byte[] theirs = new byte[12];
            readFully(left.getInputStream(), theirs, 12, deadline, timeoutMillis, killCheck, rank);
            ByteBuffer b = ByteBuffer.wrap(theirs).order(ByteOrder.LITTLE_ENDIAN);
            int magic = b.getInt();
            int theirRank = b.getInt();
            int theirN = b.getInt();
            if (magic != MAGIC || theirRank != (rank + n - 1) % n || theirN != n) {
                throw new IOException("rank " + rank + ": expected rank " + (rank + n - 1) % n + " of " + n
                        + " to connect, got a connection from rank " + theirRank + " of " + theirN
                        + (magic != MAGIC ? " (not an rnn4j ring)" : ""));
            }
            return new TcpRing(rank, n, timeoutMillis, killCheck, right, left);
        } catch (IOException | RuntimeException e) {
            right.close();
            if (left != null) {
                left.close();
            }
            throw e;
        }
    }

    /**
     * Replaces {@code values} by the sum of every worker's {@code values} (the same length on all workers)
     * and returns the sum of the workers' losses, in rank order.
     *
     * @param values this worker's values, P of them; on return, the sum over the workers
     * @param step   this worker's step; every worker must be at the same one
     * @param loss   this worker's loss
     * @throws IOException when a neighbour fails, times out, is at another step or sends another length
     */
    double allReduce(float[] values, long step, double loss) throws IOException {
        int n = workers;
        int p = values.length;
        int largest = (int) (((long) p + n - 1) / n);
        if (sendBuffer.length < HEADER_BYTES + 4 * largest) {
            sendBuffer = new byte[HEADER_BYTES + 4 * largest];
            receiveBuffer = new byte[HEADER_BYTES + 4 * largest];
        }
        double[] losses = new double[n];
        losses[rank] = loss;
        float[] received = new float[largest];
        // reduce-scatter: after hop s, the chunk received holds the sum of ranks chunk, chunk+1, ..., rank
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank - s, n);
            int receiveChunk = Math.floorMod(rank - s - 1, n);
            hop(values, p, step, sendChunk, losses[sendChunk], receiveChunk, received);
            losses[receiveChunk] = lastLoss;
            long start = System.nanoTime();
            int from = chunkStart(receiveChunk, p, n);
            int count = chunkStart(receiveChunk + 1, p, n) - from;
            for (int i = 0; i < count; i++) {
                values[from + i] = received[i] + values[from + i];
            }
            sumNanos += System.nanoTime() - start;
        }
        // all-gather: rank r owns the finished chunk r + 1 and passes finished chunks on
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank + 1 - s, n);
            int receiveChunk = Math.floorMod(rank - s, n);
            hop(values, p, step, sendChunk, 0, receiveChunk, received);
            int from = chunkStart(receiveChunk, p, n);
            System.arraycopy(received, 0, values, from, chunkStart(receiveChunk + 1, p, n) - from);
        }
        double sum = 0;
        for (double l : losses) {
            sum += l;
        }
        return sum;
    }

    // one hop: chunk sendChunk of values to the right (in the writer thread), chunk receiveChunk from the left
    // into received; the header carries the loss of rank sendChunk (that chunk's first addend) in reduce-scatter
    private void hop(float[] values, int p, long step, int sendChunk, double sendLoss, int receiveChunk,
                     float[] received) throws IOException {
        int n = workers;
        long start = System.nanoTime();
        int from = chunkStart(sendChunk, p, n);
        int count = chunkStart(sendChunk + 1, p, n) - from;
        ByteBuffer out = ByteBuffer.wrap(sendBuffer).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putLong(step).putInt(sendChunk).putDouble(sendLoss).putInt(sendChunk).putInt(count);
        out.asFloatBuffer().put(values, from, count);
        int length = HEADER_BYTES + 4 * count;
        sumNanos += System.nanoTime() - start;
        long wait = System.nanoTime();
        byte[] bytes = sendBuffer;
        Future<?> sent = writer.submit(() -> {
            toRight.write(bytes, 0, length);
            toRight.flush();
            return null;
        });
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int expected = chunkStart(receiveChunk + 1, p, n) - chunkStart(receiveChunk, p, n);
        readFully(fromLeft, receiveBuffer, HEADER_BYTES, deadline, timeoutMillis, killCheck, rank);
        ByteBuffer in = ByteBuffer.wrap(receiveBuffer).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt();
        long theirStep = in.getLong();
        in.getInt(); // the origin rank, equal to the chunk index
        double theirLoss = in.getDouble();
        int theirChunk = in.getInt();
        int theirCount = in.getInt();
        if (magic != MAGIC) {
            throw new IOException("rank " + rank + ": the stream from rank " + Math.floorMod(rank - 1, n)
                    + " lost its framing");
        }
        if (theirStep != step) {
            throw new IOException("rank " + Math.floorMod(rank - 1, n) + " is at step " + theirStep + " while rank "
                    + rank + " is at step " + step + ": the workers resumed from different checkpoints");
        }
        if (theirChunk != receiveChunk || theirCount != expected) {
            throw new IOException("rank " + rank + ": expected chunk " + receiveChunk + " of " + expected
                    + " values from rank " + Math.floorMod(rank - 1, n) + ", got chunk " + theirChunk + " of "
                    + theirCount + ": the workers train models of different sizes");
        }
        readFully(fromLeft, receiveBuffer, 4 * expected, deadline, timeoutMillis, killCheck, rank);
        awaitSent(sent, deadline);
        transferNanos += System.nanoTime() - wait;
        long unpack = System.nanoTime();
        ByteBuffer.wrap(receiveBuffer, 0, 4 * expected).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .get(received, 0, expected);
        sumNanos += System.nanoTime() - unpack;
        lastLoss = theirLoss;
        bytesSent += length;
    }

    private void awaitSent(Future<?> sent, long deadline) throws IOException {
        while (true) {
            try {
                sent.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                killCheck.run();
                if (System.nanoTime() > deadline) {
                    throw new IOException("rank " + rank + ": rank " + (rank + 1) % workers + " took no data for "
                            + timeoutMillis + " ms", e);
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io
                        : new IOException("rank " + rank + ": sending to rank " + (rank + 1) % workers + " failed: "
                        + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("rank " + rank + ": interrupted while sending", e);
            }
        }
    }

    private static void readFully(InputStream in, byte[] into, int length, long deadline, int timeoutMillis,
                                  Runnable killCheck, int rank) throws IOException {
        int at = 0;
        while (at < length) {
            try {
                int read = in.read(into, at, length - at);
                if (read < 0) {
                    throw new IOException("rank " + rank + ": the left neighbour closed the connection (its task"
                            + " failed or ended)");
                }
                at += read;
            } catch (SocketTimeoutException e) {
                killCheck.run();
                if (System.nanoTime() > deadline) {
                    throw new IOException("rank " + rank + ": no data from the left neighbour for " + timeoutMillis
                            + " ms", e);
                }
            }
        }
    }

    /** The first index of chunk c of P values in N chunks: {@code floor(cP/N)}. */
    static int chunkStart(int c, int p, int n) {
        return (int) ((long) c * p / n);
    }

    /** Bytes this worker has sent over the ring, headers included. */
    long bytesSent() {
        return bytesSent;
    }

    /** Nanoseconds spent waiting for hops to be sent and received. */
    long transferNanos() {
        return transferNanos;
    }

    /** Nanoseconds spent packing, unpacking and adding chunks. */
    long sumNanos() {
        return sumNanos;
    }

    /** Closes both connections, so that the neighbours' waits end at once. */
    @Override
    public void close() {
        writer.shutdownNow();
        try {
            right.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with the socket
        }
        try {
            left.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with the socket
        }
    }
}
