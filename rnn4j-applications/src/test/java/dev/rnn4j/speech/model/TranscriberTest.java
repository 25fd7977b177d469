package dev.rnn4j.speech.model;

import dev.rnn4j.predict.ConcurrencyCheck;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.speech.audio.WavFormatException;
import dev.rnn4j.speech.audio.WavReader;
import dev.rnn4j.speech.audio.WavWriter;
import dev.rnn4j.speech.audio.Waveform;
import dev.rnn4j.speech.features.FeatureExtractor;
import dev.rnn4j.speech.features.FeatureNormalizer;
import dev.rnn4j.speech.features.FeatureSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriberTest {
    private static final String[] FILES = {"7_nicolas_1.wav", "3_jackson_0.wav", "5_theo_2.wav"};
    private static final int[] DIGITS = {7, 3, 5};

    @TempDir
    static Path dir;
    static Path digitsModel;
    static Path connectedModel;
    static List<Waveform> waveforms = new ArrayList<>();

    static Path resource(String name) throws Exception {
        return Path.of(TranscriberTest.class.getResource("/dev/rnn4j/speech/fsdd/" + name).toURI());
    }

    @BeforeAll
    static void trainTinyModels() throws Exception {
        FeatureExtractor extractor = new FeatureExtractor(FeatureSettings.defaults(8000));
        List<float[][]> raw = new ArrayList<>();
        for (String f : FILES) {
            Waveform w = WavReader.read(resource(f)).waveform();
            waveforms.add(w);
            raw.add(extractor.logMel(w));
        }
        FeatureNormalizer normalizer = FeatureNormalizer.fit(raw);
        List<LabeledFeatures> isolated = new ArrayList<>();
        for (int i = 0; i < FILES.length; i++) {
            isolated.add(new LabeledFeatures(normalizer.apply(raw.get(i)), new int[] {DIGITS[i]}));
        }
        AcousticTraining o = new AcousticTraining(3, 25, 3, 0.01, 1, 5, false, null, false, true, null);
        AcousticNetwork digits = AcousticTrainer.train(new AcousticModelConfig(SpeechTask.DIGITS, CellType.GRU, 40, 2,
                12, 1, 0), isolated, isolated, o, null).network();
        digitsModel = dir.resolve("digits");
        SpeechModelFolder.save(digitsModel, digits, normalizer, 8000);
        AcousticNetwork connected = new AcousticNetwork(new AcousticModelConfig(SpeechTask.CONNECTED, CellType.LSTM,
                40, 3, 8, 1, 0), new dev.rnn4j.tensor.Rng(1));
        connectedModel = dir.resolve("connected");
        SpeechModelFolder.save(connectedModel, connected, normalizer, 8000);
    }

    @Test
    void isolatedModelRoundTripsThroughItsFolderAndTheServiceLoader() throws Exception {
        Transcriber transcriber = assertInstanceOf(Transcriber.class, Predictors.load(digitsModel));
        for (int i = 0; i < FILES.length; i++) {
            Transcription t = transcriber.transcribe(resource(FILES[i]));
            assertArrayEquals(new int[] {DIGITS[i]}, t.digits(), FILES[i]);
            assertEquals(1.0, Arrays.stream(t.probabilities()).sum(), 1e-9);
            assertFalse(t.resampled());
        }
        ConcurrencyCheck.assertSameAsSequential(transcriber, waveforms,
                (a, b) -> Arrays.equals(a.digits(), b.digits()) && Arrays.equals(a.probabilities(), b.probabilities()));
    }

    @Test
    void connectedModelGivesNBestAndOneAlignmentLabelPerStep() {
        Transcriber transcriber = Transcriber.load(connectedModel);
        Transcription t = transcriber.predict(waveforms.get(0));
        assertFalse(t.nBest().isEmpty());
        assertArrayEquals(t.nBest().get(0).labels(), t.digits());
        int frames = new FeatureExtractor(FeatureSettings.defaults(8000)).logMel(waveforms.get(0)).length;
        assertEquals((frames + 2) / 3, t.alignment().length);
        for (int i = 1; i < t.nBest().size(); i++) {
            assertTrue(t.nBest().get(i).logProbability() <= t.nBest().get(i - 1).logProbability());
        }
        ConcurrencyCheck.assertSameAsSequential(transcriber, waveforms,
                (a, b) -> a.nBest().equals(b.nBest()) && Arrays.equals(a.alignment(), b.alignment()));
    }

    @Test
    void audioAtAnotherRateIsResampledAndSaysSo() throws Exception {
        Waveform w = waveforms.get(1);
        Path file = dir.resolve("16k.wav");
        WavWriter.write(file, WavWriter.pcm16(w.resampled(16000)));
        Transcription t = Transcriber.load(digitsModel).transcribe(file);
        assertTrue(t.resampled());
        assertArrayEquals(new int[] {3}, t.digits());
    }

    @Test
    void badAudioFailsWithTheFileNamed() throws Exception {
        Transcriber transcriber = Transcriber.load(digitsModel);
        Path text = Files.writeString(dir.resolve("notes.wav"), "not audio at all");
        assertTrue(assertThrows(WavFormatException.class, () -> transcriber.transcribe(text)).getMessage()
                .contains("notes.wav"));
        byte[] whole = Files.readAllBytes(resource(FILES[0]));
        Path truncated = Files.write(dir.resolve("truncated.wav"), Arrays.copyOf(whole, 30));
        assertThrows(WavFormatException.class, () -> transcriber.transcribe(truncated));
        Path empty = dir.resolve("empty.wav");
        WavWriter.write(empty, WavWriter.pcm16(new Waveform(new float[0], 8000)));
        assertThrows(WavFormatException.class, () -> transcriber.transcribe(empty));
        Path tiny = dir.resolve("tiny.wav");
        WavWriter.write(tiny, WavWriter.pcm16(new Waveform(new float[50], 8000)));
        String message = assertThrows(WavFormatException.class, () -> transcriber.transcribe(tiny)).getMessage();
        assertTrue(message.contains("shorter than one analysis window"), message);
        assertThrows(IllegalArgumentException.class, () -> transcriber.predict(new Waveform(new float[50], 8000)));
    }
}
