package dev.rnn4j.speech.audio;

import dev.rnn4j.text.DataFormatException;
import java.nio.file.Path;

/**
 * An audio file that cannot be used: not a RIFF/WAVE file, a compressed or unknown sample format,
 * a header that claims more data than the file holds, no samples, or (from {@link AudioLoader}) too
 * few samples for one analysis window. The message starts with the file name ({@code file: problem}).
 */
public class WavFormatException extends DataFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file with the problem, or null for bytes without a file
     * @param problem what is wrong, ideally with expected versus actual
     */
    public WavFormatException(Path file, String problem) {
        super(file, 0, problem);
    }

    /** As {@link #WavFormatException(Path, String)} with an underlying cause. */
    public WavFormatException(Path file, String problem, Throwable cause) {
        super(file, 0, problem, cause);
    }
}
