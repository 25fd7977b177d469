package dev.rnn4j.speech.data;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One FSDD recording, named {@code {digit}_{speaker}_{index}.wav} (e.g. {@code 7_jackson_32.wav}).
 *
 * @param file the WAV file
 * @param digit the spoken digit 0-9, the label
 * @param speaker the speaker's lower-case name
 * @param index the take, 0-49 in FSDD; takes 0-4 form the official test set
 */
public record FsddRecording(Path file, int digit, String speaker, int index) {
    /** The highest index of the official test set: takes 0 to 4 are test, 5 and above train. */
    public static final int LAST_TEST_INDEX = 4;

    private static final Pattern NAME = Pattern.compile("^(\\d)_([a-z]+)_(\\d{1,6})\\.wav$");

    /** Orders by speaker, digit, then index: the order every split and generator uses. */
    public static final Comparator<FsddRecording> ORDER = Comparator.comparing(FsddRecording::speaker)
            .thenComparingInt(FsddRecording::digit).thenComparingInt(FsddRecording::index);

    /**
     * The recording for {@code file}, or null when its name does not follow the FSDD pattern
     * {@code ^(\d)_([a-z]+)_(\d+)\.wav$}.
     */
    public static FsddRecording parse(Path file) {
        if (file == null || file.getFileName() == null) {
            throw new IllegalArgumentException("file: expected a WAV file, got " + file);
        }
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return null;
        }
        return new FsddRecording(file, Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3)));
    }

    /** Whether this take is in the official test set (index 0-4, compared as a number). */
    public boolean isTest() {
        return index <= LAST_TEST_INDEX;
    }
}
