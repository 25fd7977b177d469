package dev.rnn4j.speech.model;

/** What an acoustic model recognises. */
public enum SpeechTask {
    /** One digit per utterance: ten classes, cross entropy over the mean-pooled outputs. */
    DIGITS,
    /** A sequence of digits: blank (class 0) and digits 0-9 as classes 1-10, CTC over the frames. */
    CONNECTED;

    /** The number of output classes: 10 for {@link #DIGITS}, 11 (blank included) for {@link #CONNECTED}. */
    public int classes() {
        return this == DIGITS ? 10 : 11;
    }
}
