package dev.rnn4j.speech.data;

import dev.rnn4j.speech.audio.Waveform;
import java.util.List;

/**
 * A connected-digit utterance: one speaker's recordings of {@code digits}, in order, joined by silences.
 *
 * @param speaker the speaker
 * @param digits the spoken digits, the target sequence (2 to 7 of them by default)
 * @param waveform the audio
 * @param sources the recordings used, one per digit
 */
public record ConnectedUtterance(String speaker, int[] digits, Waveform waveform, List<FsddRecording> sources) {

    /** The digits as text, e.g. {@code "4071"}. */
    public String transcript() {
        StringBuilder text = new StringBuilder(digits.length);
        for (int digit : digits) {
            text.append(digit);
        }
        return text.toString();
    }
}
