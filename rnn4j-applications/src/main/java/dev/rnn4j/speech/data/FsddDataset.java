package dev.rnn4j.speech.data;

import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The recordings of an FSDD folder (the data set's folder or its {@code recordings} folder), sorted by
 * {@link FsddRecording#ORDER}, and its splits.
 *
 * <ul>
 *   <li>{@link #officialSplit()}: the data set's own split by take, stated in its README: takes 0-4 of
 *       every speaker and digit are test (300 of 3,000 recordings), 5-49 train. Speaker-dependent:
 *       every speaker is in both.</li>
 *   <li>{@link #leaveOneSpeakerOut(String)}: train on every other speaker, test on all of one
 *       speaker's recordings; the speaker-independent measure.</li>
 * </ul>
 */
public final class FsddDataset {
    private final Path folder;
    private final List<FsddRecording> recordings;

    /**
     * A train and a test list of recordings.
     *
     * @param name what the split is, e.g. {@code "official"} or {@code "without lucas"}
     * @param train the training recordings
     * @param test the test recordings
     */
    public record Split(String name, List<FsddRecording> train, List<FsddRecording> test) {
    }

    private FsddDataset(Path folder, List<FsddRecording> recordings) {
        this.folder = folder;
        this.recordings = List.copyOf(recordings);
    }

    /**
     * Lists the recordings of {@code folder}. Files not ending in {@code .wav} are ignored.
     *
     * @throws DataFormatException naming the folder or file if the folder cannot be listed, a
     *     {@code .wav} name does not follow the FSDD pattern, or there are no recordings
     */
    public static FsddDataset load(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("folder: expected an FSDD folder, got null");
        }
        Path dir = Files.isDirectory(folder.resolve("recordings")) ? folder.resolve("recordings") : folder;
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(folder, 0, "not a folder of FSDD recordings");
        }
        List<FsddRecording> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (!file.getFileName().toString().endsWith(".wav")) {
                    continue;
                }
                FsddRecording recording = FsddRecording.parse(file);
                if (recording == null) {
                    throw new DataFormatException(file, 0,
                            "not an FSDD recording name: expected {digit}_{speaker}_{index}.wav, "
                            + "e.g. 7_jackson_32.wav");
                }
                found.add(recording);
            }
        } catch (IOException e) {
            throw new DataFormatException(dir, 0, "cannot list: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new DataFormatException(dir, 0, "no FSDD recordings ({digit}_{speaker}_{index}.wav)");
        }
        found.sort(FsddRecording.ORDER);
        return new FsddDataset(dir, found);
    }

    /** The folder the recordings are in. */
    public Path folder() {
        return folder;
    }

    /** Every recording, sorted. */
    public List<FsddRecording> recordings() {
        return recordings;
    }

    /** The speakers, sorted. */
    public List<String> speakers() {
        TreeSet<String> speakers = new TreeSet<>();
        recordings.forEach(r -> speakers.add(r.speaker()));
        return List.copyOf(speakers);
    }

    /** The official split: takes 5 and above train, 0-4 test. */
    public Split officialSplit() {
        List<FsddRecording> train = new ArrayList<>();
        List<FsddRecording> test = new ArrayList<>();
        for (FsddRecording r : recordings) {
            (r.isTest() ? test : train).add(r);
        }
        return new Split("official", List.copyOf(train), List.copyOf(test));
    }

    /**
     * Every other speaker's recordings (all takes) to train, all of {@code speaker}'s to test.
     *
     * @throws IllegalArgumentException if {@code speaker} has no recordings here
     */
    public Split leaveOneSpeakerOut(String speaker) {
        if (!speakers().contains(speaker)) {
            throw new IllegalArgumentException("speaker: expected one of " + speakers() + ", got " + speaker);
        }
        List<FsddRecording> train = new ArrayList<>();
        List<FsddRecording> test = new ArrayList<>();
        for (FsddRecording r : recordings) {
            (r.speaker().equals(speaker) ? test : train).add(r);
        }
        return new Split("without " + speaker, List.copyOf(train), List.copyOf(test));
    }

    /** {@link #leaveOneSpeakerOut(String)} for every speaker, in speaker order. */
    public List<Split> leaveOneSpeakerOutSplits() {
        return speakers().stream().map(this::leaveOneSpeakerOut).toList();
    }
}
