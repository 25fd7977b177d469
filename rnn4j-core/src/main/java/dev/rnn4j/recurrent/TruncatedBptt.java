package dev.rnn4j.recurrent;

import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Truncated backpropagation through time, TBPTT(k1, k2) in Williams &amp; Peng's sense, with the
 * state carried across calls (stateful training over a stream longer than memory allows).
 *
 * <p>The stream is cut into pieces of k1 steps. After each piece, the loss on that piece's
 * outputs is backpropagated through the last k2 steps (k2 a multiple of k1, k2 ≥ k1): the window
 * is recomputed from the detached state saved k2 steps back, so gradients flow exactly k2 steps
 * and no further. With k1 = k2 = k this is the usual "detach every k steps" of PyTorch's word
 * language model. Between calls the final state is kept, so consecutive calls continue one
 * stream (a window never reaches back into an earlier call's segment); {@link #resetState()}
 * starts a new one.
 *
 * <pre>{@code
 * TruncatedBptt tbptt = new TruncatedBptt(lstm, 35, 35);
 * double mean = tbptt.run(x, (out, from, to) -> Losses.crossEntropy(head.forward(out).reshape(-1, V),
 *         targets(from, to)), () -> { GradClip.clipGradNorm(params, 0.25); opt.step(); opt.zeroGrad(); });
 * }</pre>
 */
public final class TruncatedBptt {

    /** The loss of one piece, from the layer's outputs (steps [from, to), time-major). */
    @FunctionalInterface
    public interface PieceLoss {
        Tensor of(Tensor output, int from, int to);
    }

    private final RecurrentLayer layer;
    private final int k1;
    private final int k2;
    private Tensor h;
    private Tensor c;

    public TruncatedBptt(RecurrentLayer layer, int k1, int k2) {
        if (k1 < 1 || k2 < k1 || k2 % k1 != 0) {
            throw new IllegalArgumentException("TBPTT needs 1 ≤ k1 ≤ k2 with k2 a multiple of k1, got k1 = " + k1
                    + ", k2 = " + k2);
        }
        if (layer.batchFirst()) {
            throw new IllegalArgumentException("TBPTT works on time-major layers (batchFirst = false)");
        }
        if (layer.bidirectional()) {
            throw new IllegalArgumentException("TBPTT needs a unidirectional layer: a reverse direction reads the future");
        }
        this.layer = layer;
        this.k1 = k1;
        this.k2 = k2;
    }

    /** Forgets the carried state: the next call starts a new stream from zeros. */
    public void resetState() {
        h = null;
        c = null;
    }

    /**
     * The carried hidden state (L, B, H), or (L, B, P) with a projection, detached; null before the
     * first call or after a reset.
     */
    public Tensor hiddenState() {
        return h;
    }

    /**
     * Trains over a stream segment {@code x (T, B, I)}, calling {@code update} (clip, optimiser
     * step, zero grad) after each piece's backward. Returns the mean piece loss.
     */
    public double run(Tensor x, PieceLoss loss, Runnable update) {
        if (x.rank() != 3 || x.size(0) == 0) {
            throw new IllegalArgumentException("TBPTT: expected a stream (T, B, I) with T ≥ 1, got rank " + x.rank());
        }
        int steps = x.size(0);
        int batch = x.size(1);
        if (h != null && h.size(1) != batch) {
            throw new IllegalArgumentException("TBPTT: the carried state has batch " + h.size(1) + " but this segment "
                    + "has batch " + batch + "; call resetState() to start new streams");
        }
        int window = k2 / k1;
        // detached states at the starts of the last (window) pieces, oldest first
        Deque<Tensor[]> starts = new ArrayDeque<>();
        starts.addLast(new Tensor[] {h, c});
        double total = 0;
        int pieces = 0;
        for (int from = 0; from < steps; from += k1) {
            int to = Math.min(steps, from + k1);
            int windowFrom = from - (starts.size() - 1) * k1; // k2 steps back, or to the segment's start
            Tensor[] state = starts.peekFirst();
            // recompute the window with gradients from its start state
            Tensor hs = state[0];
            Tensor cs = state[1];
            RecurrentOutput last = null;
            Tensor[] pieceEnd = null;
            for (int p = windowFrom; p < to; p += k1) {
                int pTo = Math.min(to, p + k1);
                last = layer.forward(x.narrow(0, p, pTo - p), null, hs, cs);
                hs = last.hN();
                cs = last.cN();
                if (pTo == to) {
                    pieceEnd = new Tensor[] {hs.detach(), cs == null ? null : cs.detach()};
                }
            }
            Tensor l = loss.of(last.output(), from, to);
            l.backward();
            update.run();
            total += l.item();
            pieces++;
            starts.addLast(pieceEnd);
            while (starts.size() > window) {
                starts.removeFirst();
            }
        }
        Tensor[] end = starts.peekLast();
        h = end[0];
        c = end[1];
        return total / pieces;
    }
}
