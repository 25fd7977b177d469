package dev.rnn4j.lm;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.BatchSource;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The contiguous-stream layout of stateful language-model training (Zaremba et al. 2014; PyTorch's
 * {@code word_language_model} {@code batchify} and {@code get_batch}).
 *
 * <p>The N tokens are cut into B streams of {@code L = N / B} consecutive tokens (the last {@code N mod B}
 * tokens are dropped); stream b is {@code tokens[b·L, (b+1)·L)}. An epoch walks all streams side by side in
 * consecutive windows: window k covers stream positions {@code [p_k, p_k + len_k)} as inputs and
 * {@code [p_k + 1, p_k + len_k + 1)} as targets, so window k+1 starts where window k ended and the hidden state
 * at the end of one window is the right start for the next. The trainer carries it across batches, detached
 * (truncated backpropagation through time with k1 = k2 = len), and starts every epoch from zeros.
 *
 * <p>Window lengths: {@code T} each (the last window may be shorter), or, with {@code randomLength}, as AWD-LSTM
 * (Merity et al. 2018): the base is T with probability 0.95 and T/2 otherwise, the length is drawn from a normal
 * distribution of that mean and standard deviation 5, then kept in {@code [min(5, T), T + 20]}. The draws come
 * from the epoch's generator (so a resumed run sees the same windows), an epoch has {@code floor((L - 1) / T)}
 * windows, and a length is cut so that every remaining window keeps at least one position; windows that end
 * before the stream does leave its tail unseen for that epoch.
 *
 * <p>Batches are time-major: {@code inputs[t·B + b]} is stream b's token at window position t.
 */
public final class StreamBatches implements BatchSource<StreamBatches.Window> {

    /**
     * One batch.
     *
     * @param index   0-based window index within the epoch; 0 means the carried state starts from zeros
     * @param length  time steps in the window, len
     * @param streams B
     * @param inputs  (len, B) token ids, time-major
     * @param targets (len, B) the next token of each input
     */
    public record Window(int index, int length, int streams, int[] inputs, int[] targets) {
    }

    private final int[] tokens;
    private final int streams;
    private final int window;
    private final boolean randomLength;
    private final int streamLength;
    private final int batches;

    /**
     * @param tokens       the training token ids, N of them
     * @param streams      B, parallel streams (the batch size)
     * @param window       T, time steps per window (the truncation length)
     * @param randomLength draw window lengths as AWD-LSTM instead of using T for every window
     * @throws IllegalArgumentException if B or T is below 1, or the text is shorter than one window per stream,
     *                                  {@code B·(T + 1)} tokens (the message says how many there are and what to lower)
     */
    public StreamBatches(int[] tokens, int streams, int window, boolean randomLength) {
        this(tokens, streams, window, randomLength, "characters");
    }

    /**
     * As {@link #StreamBatches(int[], int, int, boolean)}, naming the tokens {@code unit} in messages (e.g.
     * "subword tokens").
     */
    public StreamBatches(int[] tokens, int streams, int window, boolean randomLength, String unit) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens: expected the training ids, got null");
        }
        if (streams < 1 || window < 1) {
            throw new IllegalArgumentException("streams, window: expected >= 1, got " + streams + ", " + window);
        }
        long needed = (long) streams * (window + 1);
        if (tokens.length < needed) {
            throw new IllegalArgumentException("the training text has " + tokens.length + " " + unit + ", shorter than"
                    + " one window per stream: " + streams + " streams x (window " + window + " + 1) = " + needed
                    + " " + unit + " needed; use a longer text or a smaller batch size or window");
        }
        this.tokens = tokens;
        this.streams = streams;
        this.window = window;
        this.randomLength = randomLength;
        this.streamLength = tokens.length / streams;
        int positions = streamLength - 1;
        this.batches = randomLength ? Math.max(1, positions / window) : (positions + window - 1) / window;
    }

    /** B, the parallel streams. */
    public int streams() {
        return streams;
    }

    /** T, the (base) window length. */
    public int window() {
        return window;
    }

    /** L, tokens per stream. */
    public int streamLength() {
        return streamLength;
    }

    @Override
    public int batchesPerEpoch() {
        return batches;
    }

    @Override
    public Iterator<Window> batches(int epoch, Rng rng) {
        int positions = streamLength - 1;
        int[] lengths = new int[batches];
        int start = 0;
        for (int k = 0; k < batches; k++) {
            int left = batches - k - 1; // windows after this one, each needs one position
            int len;
            if (randomLength) {
                double base = rng.nextDouble() < 0.95 ? window : window / 2.0;
                len = (int) Math.round(base + 5 * rng.nextGaussian());
                len = Math.max(Math.min(5, window), Math.min(window + 20, len));
            } else {
                len = window;
            }
            len = Math.max(1, Math.min(len, positions - start - left));
            lengths[k] = len;
            start += len;
        }
        return new Iterator<>() {
            private int k;
            private int position;

            @Override
            public boolean hasNext() {
                return k < batches;
            }

            @Override
            public Window next() {
                if (k >= batches) {
                    throw new NoSuchElementException("epoch " + epoch + " has " + batches + " windows");
                }
                int len = lengths[k];
                int[] x = new int[len * streams];
                int[] y = new int[len * streams];
                for (int t = 0; t < len; t++) {
                    for (int b = 0; b < streams; b++) {
                        int at = b * streamLength + position + t;
                        x[t * streams + b] = tokens[at];
                        y[t * streams + b] = tokens[at + 1];
                    }
                }
                Window w = new Window(k, len, streams, x, y);
                position += len;
                k++;
                return w;
            }
        };
    }
}
