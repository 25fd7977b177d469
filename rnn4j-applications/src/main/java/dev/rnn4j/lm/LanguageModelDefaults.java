package dev.rnn4j.lm;

/**
 * The default network and training settings of {@code rnn4j lm train}, chosen for a text of about a million
 * characters (tiny-shakespeare: 65 characters, 1.0 M for training) and about an hour of training on two cores.
 *
 * <p>Size: two LSTM layers of 512 (3.5 M parameters) learn far more than such a text holds, so dropout 0.25
 * (embeddings, between the layers, output) holds back the overfitting over the epochs the hour allows. Speed: at
 * the reference workload's rate of about 14,000 characters per second on two cores ({@code train_lstm_charlm} in
 * BENCHMARKS.md), an epoch of 1.0 M characters takes about 75 s with its validation, so 40 epochs take about
 * 50 minutes. Steps: 32 streams of 128 characters, 4,096 characters per step, give 245 steps per epoch; early in
 * training the loss falls per step rather than per character, so 32 streams learn faster than 64 for the same
 * characters read, and Adam at 3e-3 leaves the first plateau (the loss of the character frequencies, 3.3 nats)
 * within a few dozen steps. The rate decays by 0.95 per epoch, to about 4e-4 after 40 epochs.
 */
public final class LanguageModelDefaults {

    /** Passes over the training text. */
    public static final int EPOCHS = 40;
    /** B, parallel streams per batch. */
    public static final int STREAMS = 32;
    /** T, time steps per window. */
    public static final int WINDOW = 128;
    /** Adam's learning rate. */
    public static final double LR = 3e-3;
    /** Learning-rate factor after every epoch. */
    public static final double LR_DECAY = 0.95;
    /** Gradient-norm clip. */
    public static final double CLIP = 1.0;
    /** Embedding size. */
    public static final int EMBEDDING = 128;
    /** Hidden size. */
    public static final int HIDDEN = 512;
    /** Recurrent layers. */
    public static final int LAYERS = 2;
    /** Dropout on the embeddings, between layers and on the output. */
    public static final double DROPOUT = 0.25;

    private LanguageModelDefaults() {
    }
}
