package dev.rnn4j.speech.model;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

/**
 * A bidirectional LSTM or GRU stack over subsampled feature frames ({@link FrameSubsampling}: k frames stacked
 * into one step of S = k·F values, or every k-th frame kept, S = F) with a linear head. As the PyTorch module
 * <pre>{@code
 * class Net(nn.Module):
 *     def __init__(s): s.rnn = nn.LSTM(S, H, L, bidirectional=True, dropout=p); s.head = nn.Linear(2*H, C)
 *     def forward(s, x, lengths):                        # x: (T', B, S), time-major, T' = ceil(T / k)
 *         y, _ = pad_packed_sequence(s.rnn(pack_padded_sequence(x, lengths, enforce_sorted=False))[0])
 *         y = F.dropout(y, p, s.training)                # (T', B, 2H)
 *         if task == DIGITS: return s.head(y.sum(0) / lengths[:, None])      # (B, 10) logits
 *         return F.log_softmax(s.head(y), dim=2)         # (T', B, 11) for CTC, blank = 0
 * }</pre>
 * Isolated digits are classified from the mean of the last layer's outputs over each utterance's valid
 * steps (both directions, so every step has seen the whole utterance), not from the last states.
 * Parameter names: {@code rnn.weight_ih_l0}, {@code rnn.weight_ih_l0_reverse}, ..., {@code head.weight},
 * {@code head.bias}.
 */
public final class AcousticNetwork extends Module {
    private final AcousticModelConfig config;
    private final RecurrentLayer rnn;
    private final Dropout dropout;
    private final Linear head;

    public AcousticNetwork(AcousticModelConfig config, Rng rng) {
        if (config == null || rng == null) {
            throw new IllegalArgumentException("config, rng: expected non-null arguments");
        }
        this.config = config;
        RecurrentLayer.Options options = new RecurrentLayer.Options(config.stepSize(), config.hidden())
                .numLayers(config.layers()).bidirectional(true)
                .dropout(config.layers() > 1 ? config.dropout() : 0);
        this.rnn = registerModule("rnn", RecurrentLayer.of(config.cell(), options, rng));
        this.dropout = registerModule("dropout", new Dropout(config.dropout(), rng));
        this.head = registerModule("head", new Linear(2 * config.hidden(), config.task().classes(), rng));
    }

    public AcousticModelConfig config() {
        return config;
    }

    /**
     * @param x       (T', B, S) subsampled frames ({@link FeatureBatch}), time-major; S = k·F stacked, F strided
     * @param lengths B valid step counts in [1, T']
     * @return (B, 10) logits for {@link SpeechTask#DIGITS}; (T', B, 11) log-probabilities for
     *         {@link SpeechTask#CONNECTED}
     */
    public Tensor forward(Tensor x, int[] lengths) {
        if (x == null || x.rank() != 3 || x.size(2) != config.stepSize()) {
            throw new IllegalArgumentException("acoustic network: expected input (T, B, " + config.stepSize()
                    + "), got " + (x == null ? "null" : Shape.str(x.shape())));
        }
        int steps = x.size(0);
        int batch = x.size(1);
        if (lengths == null || lengths.length != batch) {
            throw new IllegalArgumentException("lengths: expected " + batch + " lengths, got "
                    + (lengths == null ? "null" : lengths.length));
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException("lengths[" + b + "]: expected 1.." + steps + ", got "
                        + lengths[b]);
            }
        }
        Tensor y = dropout.forward(rnn.forward(x, lengths).output()); // (T', B, 2H)
        if (config.task() == SpeechTask.CONNECTED) {
            return head.forward(y).logSoftmax(2);
        }
        int width = 2 * config.hidden();
        // weights 1/length on valid steps and 0 on padding: the weighted sum over time is the mean
        float[] weights = new float[steps * batch * width];
        for (int b = 0; b < batch; b++) {
            float w = 1f / lengths[b];
            for (int t = 0; t < lengths[b]; t++) {
                java.util.Arrays.fill(weights, (t * batch + b) * width, (t * batch + b + 1) * width, w);
            }
        }
        Tensor pooled = y.mul(Tensor.of(weights, steps, batch, width)).sum(0); // (B, 2H)
        return head.forward(pooled);
    }
}
