package dev.rnn4j.lm;

/**
 * The default network and training settings of {@code rnn4j lm train}, chosen for a text of about a million
 * characters (tiny-shakespeare: 65 characters, 1.0 M for training) and under an hour of training on two cores.
 *
 * <p>Size: two LSTM layers of 512 (3.5 M parameters) learn far more than such a text holds, so dropout 0.25
 * (embeddings, between the layers, output) holds back the overfitting. Length: on tiny-shakespeare the validation
 * loss reaches 1.44 nats per character after 7 epochs, is lowest at the 13th (1.433) and rises at the 16th while
 * the training loss keeps falling (RESULTS.md), so 16 epochs are enough; the best epoch is kept. Speed: about
 * 7,000-8,700 characters per second on two cores, so an epoch of 1.0 M characters with its validation takes two to
 * two and a half minutes and the 16 epochs about 40. Steps: 32 streams of 128 characters, 4,096 characters per
 * step, give 245 steps per epoch; early in training the loss falls per step rather than per character, so 32
 * streams learn faster than 64 for the same characters read, and Adam at 3e-3 leaves the first plateau (the loss
 * of the character frequencies, 3.3 nats) within a few dozen steps. The rate decays by 0.95 per epoch, to about
 * 1.4e-3 after 16 epochs.
 */
public final class LanguageModelDefaults {

    /** Passes over the training text. */
    public static final int EPOCHS = 16;
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
