package dev.rnn4j.speech.model;

import dev.rnn4j.ctc.CtcHypothesis;

import java.util.List;

/**
 * What a {@link Transcriber} heard in one utterance.
 *
 * @param digits        the recognised digits, 0-9 (one for isolated digits; possibly none for connected digits)
 * @param probabilities isolated digits: the ten class probabilities (digit order); connected digits: null
 * @param nBest         connected digits: the prefix beam search's best label sequences (digits 0-9) with their
 *                      log-probabilities, best first; isolated digits: empty
 * @param alignment     connected digits: the frame-wise best class of each network step (0 blank, 1-10 digits
 *                      0-9); isolated digits: empty
 * @param resampled     the audio came at another rate and was resampled to the model's
 */
public record Transcription(int[] digits, double[] probabilities, List<CtcHypothesis> nBest, int[] alignment,
                            boolean resampled) {

    /** The digits as text, e.g. {@code "4071"}. */
    public String text() {
        StringBuilder s = new StringBuilder(digits.length);
        for (int d : digits) {
            s.append(d);
        }
        return s.toString();
    }
}
