package dev.rnn4j.spark;

import org.apache.spark.BarrierTaskContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The all-reduce of a data-parallel barrier stage over a direct TCP ring between the tasks
 * ({@link TcpRing}): when the task starts, it listens on its executor's host (a free port), the tasks
 * exchange their addresses once through {@link BarrierTaskContext#allGather(String)}, and each connects to
 * the next rank; every step then moves {@code 2(N−1)/N · 4P} bytes per task between neighbours, none
 * through the driver. Chunk c is summed in the order of ranks c, c+1, ..., c−1, fixed for a given N, so the
 * weights stay identical on every task and from run to run; with two workers the sums equal
 * {@link AllGatherReducer}'s rank-order sums bit for bit.
 *
 * <p>A task that fails closes its connections, so its neighbours fail at once and the stage fails (and is
 * retried from the last checkpoint); a neighbour that hangs fails the stage after the timeout.
 */
final class RingReducer extends GradientExchange {

    private final TcpRing ring;
    private long bytesPerStep;

    private RingReducer(BarrierTaskContext context, GradientFault fault, TcpRing ring) {
        super(context, fault);
        this.ring = ring;
    }

    /**
     * Opens this task's place in the ring: binds a server socket on the executor's host, gathers every task's
     * address, and connects to the neighbours (no connections with one task).
     *
     * @param timeoutMillis how long any wait of the ring may take before the stage fails
     */
    static RingReducer open(BarrierTaskContext context, GradientFault fault, int timeoutMillis) {
        int workers = context.getTaskInfos().length;
        int rank = context.partitionId();
        if (workers == 1) {
            return new RingReducer(context, fault, null);
        }
        try {
            InetAddress host = InetAddress.getByName(host(context.getTaskInfos()[rank].address()));
            ServerSocket server = new ServerSocket();
            try {
                server.bind(new InetSocketAddress(host, 0), workers);
                String[] all = context.allGather(host.getHostAddress() + " " + server.getLocalPort());
                List<InetSocketAddress> addresses = new ArrayList<>(all.length);
                for (String address : all) {
                    String[] parts = address.split(" ");
                    addresses.add(new InetSocketAddress(InetAddress.getByName(parts[0]), Integer.parseInt(parts[1])));
                }
                return new RingReducer(context, fault, TcpRing.connect(rank, server, addresses, timeoutMillis,
                        context::killTaskIfInterrupted));
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("rank " + rank + ": cannot set up the gradient ring: " + e.getMessage(), e);
        }
    }

    /** The host of a barrier task's address, {@code host:port} (an IPv6 host in brackets or bare). */
    static String host(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon > 0 && address.indexOf(':') == colon || address.startsWith("[")
                ? address.substring(0, colon) : address;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    double reduce(float[] gradients, double loss, long step) {
        long sentBefore = ring.bytesSent();
        try {
            double sum = ring.allReduce(gradients, step, loss);
            bytesPerStep = ring.bytesSent() - sentBefore;
            return sum;
        } catch (IOException e) {
            throw new IllegalStateException("rank " + context.partitionId() + " at step " + step
                    + ": the gradient ring failed: " + e.getMessage(), e);
        }
    }

    @Override
    String name() {
        return "ring";
    }

    @Override
    long bytesPerStep() {
        return bytesPerStep;
    }

    @Override
    long transferNanos() {
        return ring == null ? 0 : ring.transferNanos();
    }

    @Override
    public void close() {
        if (ring != null) {
            ring.close();
        }
    }
}
