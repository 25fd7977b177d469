package dev.rnn4j.lm;

/**
 * The default network and training settings of {@code rnn4j lm train}, chosen for a text of about a million
 * characters (tiny-shakespeare) and an hour of training on two cores.
 */
public final class LanguageModelDefaults {

    /** Passes over the training text. */
    public static final int EPOCHS = 30;
    /** B, parallel streams per batch. */
    public static final int STREAMS = 64;
    /** T, time steps per window. */
    public static final int WINDOW = 128;
    /** Adam's learning rate. */
    public static final double LR = 2e-3;
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
    public static final double DROPOUT = 0.2;

    private LanguageModelDefaults() {
    }
}
