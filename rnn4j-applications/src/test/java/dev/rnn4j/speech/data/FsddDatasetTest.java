package dev.rnn4j.speech.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.speech.audio.WavWriter;
import dev.rnn4j.speech.audio.Waveform;
import dev.rnn4j.speech.features.FeatureExtractor;
import dev.rnn4j.speech.features.FeatureSettings;
import dev.rnn4j.speech.model.DigitCorpus;
import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsddDatasetTest {
    @TempDir
    Path folder;

    /**
     * A miniature FSDD: {@code speakers} × 10 digits × takes 0 to {@code takes} − 1, each a short
     * tone whose frequency and length depend on the digit, speaker and take.
     */
    static Path miniature(Path folder, List<String> speakers, int takes) throws IOException {
        Path recordings = folder.resolve("recordings");
        for (int s = 0; s < speakers.size(); s++) {
            for (int digit = 0; digit < 10; digit++) {
                for (int take = 0; take < takes; take++) {
                    float[] x = new float[200 + 10 * take + 7 * digit];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (0.3 * Math.sin(2 * Math.PI * (300 + 100 * digit + 10 * s) * i / 8000.0));
                    }
                    WavWriter.write(recordings.resolve(digit + "_" + speakers.get(s) + "_" + take + ".wav"),
                            WavWriter.pcm16(new Waveform(x, 8000)));
                }
            }
        }
        return folder;
    }

    @Test
    void officialSplitIsByTakeComparedAsANumber() throws IOException {
        Path root = miniature(folder, List.of("ann", "bob"), 7);
        // take 12 starts with "1" but is training data
        Files.copy(root.resolve("recordings/1_ann_0.wav"), root.resolve("recordings/1_ann_12.wav"));
        Files.writeString(root.resolve("recordings/README.txt"), "ignored");
        FsddDataset data = FsddDataset.load(root);
        assertEquals(2 * 10 * 7 + 1, data.recordings().size());
        FsddDataset.Split split = data.officialSplit();
        assertEquals(2 * 10 * 5, split.test().size());
        assertEquals(2 * 10 * 2 + 1, split.train().size());
        assertTrue(split.train().stream().allMatch(r -> r.index() >= 5));
        assertTrue(split.test().stream().allMatch(r -> r.index() <= 4));
        assertTrue(split.train().stream().anyMatch(r -> r.index() == 12));
        assertEquals(List.of("ann", "bob"), data.speakers());
    }

    @Test
    void leaveOneSpeakerOutHoldsOutEveryTakeOfOneSpeaker() throws IOException {
        FsddDataset data = FsddDataset.load(miniature(folder, List.of("ann", "bob", "cy"), 2).resolve("recordings"));
        List<FsddDataset.Split> splits = data.leaveOneSpeakerOutSplits();
        assertEquals(3, splits.size());
        FsddDataset.Split withoutBob = splits.get(1);
        assertEquals("without bob", withoutBob.name());
        assertEquals(20, withoutBob.test().size());
        assertEquals(40, withoutBob.train().size());
        assertTrue(withoutBob.test().stream().allMatch(r -> r.speaker().equals("bob")));
        assertTrue(withoutBob.train().stream().noneMatch(r -> r.speaker().equals("bob")));
        String unknown = assertThrows(IllegalArgumentException.class, () -> data.leaveOneSpeakerOut("dan"))
                .getMessage();
        assertTrue(unknown.contains("[ann, bob, cy]") && unknown.contains("dan"), unknown);
    }

    @Test
    void leaveOneSpeakerOutCorpusValidatesOnTheOtherSpeakersTakesFiveToSeven() throws IOException {
        FsddDataset data = FsddDataset.load(miniature(folder, List.of("ann", "bob", "cy"), 9));
        FsddDataset.Split withoutCy = data.leaveOneSpeakerOut("cy");
        assertTrue(withoutCy.train().stream().noneMatch(r -> r.speaker().equals("cy")));
        assertEquals(2 * 10 * 9, withoutCy.train().size());
        // ann and bob: takes 5-7 validate, takes 0-4 and 8 train; every take of cy tests
        assertEquals(2 * 10 * 3, withoutCy.train().stream().filter(DigitCorpus::isValidation).count());
        FeatureExtractor extractor = new FeatureExtractor(FeatureSettings.defaults(8000));
        DigitCorpus corpus = DigitCorpus.isolated(withoutCy, extractor);
        assertEquals(2 * 10 * 6, corpus.train().size());
        assertEquals(2 * 10 * 3, corpus.validation().size());
        assertEquals(10 * 9, corpus.test().size());
        // the official split of the same folder: takes 5-7 validate, 8 trains, 0-4 test
        DigitCorpus official = DigitCorpus.isolated(data, extractor);
        assertEquals(3 * 10, official.train().size());
        assertEquals(3 * 10 * 3, official.validation().size());
        assertEquals(3 * 10 * 5, official.test().size());

        FsddDataset twoTakes = FsddDataset.load(miniature(folder.resolve("small"), List.of("ann", "bob"), 2));
        String noValidation = assertThrows(IllegalArgumentException.class,
                () -> DigitCorpus.isolated(twoTakes.leaveOneSpeakerOut("ann"), extractor)).getMessage();
        assertTrue(noValidation.contains("without ann") && noValidation.contains("takes 5-7"), noValidation);
    }

    @Test
    void namesOutsideThePatternAndEmptyFoldersAreClearErrors() throws IOException {
        assertNull(FsddRecording.parse(Path.of("12_ann_0.wav")));
        assertEquals(new FsddRecording(Path.of("7_jackson_32.wav"), 7, "jackson", 32),
                FsddRecording.parse(Path.of("7_jackson_32.wav")));
        DataFormatException empty = assertThrows(DataFormatException.class, () -> FsddDataset.load(folder));
        assertTrue(empty.getMessage().contains("no FSDD recordings"), empty.getMessage());
        Files.write(folder.resolve("seven.wav"), new byte[0]);
        DataFormatException badName = assertThrows(DataFormatException.class, () -> FsddDataset.load(folder));
        assertTrue(badName.getMessage().contains("seven.wav: not an FSDD recording name"), badName.getMessage());
    }
}
