package dev.rnn4j.speech.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.speech.audio.Resampler;
import dev.rnn4j.speech.audio.WavReader;
import dev.rnn4j.speech.audio.Waveform;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAV reader, the resampler and the features against torchaudio 0.13.1 on three FSDD recordings
 * ({@code speech/torchaudio_reference.json.gz}, written by {@code tools/make_audio_reference.py} in
 * float64, whose docstring lists the three settings).
 *
 * <p>Tolerances: samples as read exactly; resampled samples within {@value #RESAMPLE_TOLERANCE}
 * (full scale 1; our output is float32, the reference float64); mel energies compared through
 * ln(E + 1e-6) within {@value #LOG_MEL_TOLERANCE}; MFCCs within {@value #MFCC_TOLERANCE} absolute.
 * The features at 16 kHz are computed from our own resampling of the file, so they check the whole
 * pipeline. Measured: resampled samples differ by at most 2e-9 (float32 rounding), log-mel by 5e-10
 * at 8 kHz and 4e-6 at 16 kHz (the float32 resampled input), MFCCs by 4e-6 (float32 output).
 */
class TorchaudioReferenceTest {
    static final double RESAMPLE_TOLERANCE = 1e-8;
    static final double LOG_MEL_TOLERANCE = 1e-5;
    static final double MFCC_TOLERANCE = 2e-5;

    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = new GZIPInputStream(TorchaudioReferenceTest.class.getResourceAsStream(
                "/dev/rnn4j/speech/torchaudio_reference.json.gz"))) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    static Path recording(String name) {
        try {
            return Path.of(TorchaudioReferenceTest.class.getResource("/dev/rnn4j/speech/fsdd/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static FeatureSettings settings(JsonNode s) {
        WindowType window = WindowType.valueOf(s.get("window").asText().toUpperCase(java.util.Locale.ROOT));
        return new FeatureSettings(s.get("rate").asInt(), window, s.get("win_length").asInt(),
                s.get("hop_length").asInt(),
                s.get("n_fft").asInt(), s.get("n_mels").asInt(), s.get("f_min").asDouble(), s.get("f_max").asDouble(),
                MelScale.valueOf(s.get("mel_scale").asText().toUpperCase(java.util.Locale.ROOT)),
                "slaney".equals(s.get("norm").asText()), 1e-6, s.get("n_mfcc").asInt(), s.get("center").asBoolean());
    }

    @Test
    void samplesAsReadMatchTorchaudioLoad() {
        for (JsonNode file : reference.get("files")) {
            Waveform waveform = WavReader.read(recording(file.get("file").asText())).waveform();
            assertEquals(file.get("samples").asInt(), waveform.length(), file.get("file").asText());
            JsonNode first = file.get("first_samples");
            for (int i = 0; i < first.size(); i++) {
                assertEquals(first.get(i).asDouble(), waveform.samples()[i], 0.0, "sample " + i);
            }
            double sumAbs = 0;
            for (float sample : waveform.samples()) {
                sumAbs += Math.abs(sample);
            }
            assertEquals(file.get("sum_abs").asDouble(), sumAbs, 1e-9 * sumAbs);
        }
    }

    @Test
    void resamplingMatchesTorchaudio() {
        JsonNode file = reference.get("files").get(0);
        float[] samples = WavReader.read(recording(file.get("file").asText())).waveform().samples();
        double worst = 0;
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) file.get("resampled")::fields) {
            int rate = Integer.parseInt(entry.getKey());
            float[] ours = new Resampler().resample(samples, 8000, rate);
            JsonNode theirs = entry.getValue();
            assertEquals(theirs.size(), ours.length, "length at " + rate + " Hz");
            for (int i = 0; i < ours.length; i++) {
                double error = Math.abs(ours[i] - theirs.get(i).asDouble());
                worst = Math.max(worst, error);
                assertTrue(error <= RESAMPLE_TOLERANCE, "sample " + i + " at " + rate + " Hz: " + ours[i] + " vs "
                        + theirs.get(i));
            }
        }
        System.out.println("resampling: largest difference " + worst);
    }

    @Test
    void melSpectrogramAndMfccMatchTorchaudio() {
        JsonNode allSettings = reference.get("settings");
        for (JsonNode file : reference.get("files")) {
            String name = file.get("file").asText();
            Waveform waveform = WavReader.read(recording(name)).waveform();
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) file.get("features")::fields) {
                FeatureSettings settings = settings(allSettings.get(entry.getKey()));
                FeatureExtractor extractor = new FeatureExtractor(settings);
                float[] samples = waveform.resampled(settings.sampleRate()).samples();
                String where = name + " " + entry.getKey();
                double[][] mel = extractor.melSpectrogram(samples);
                JsonNode melRef = entry.getValue().get("mel");
                assertEquals(melRef.size(), mel.length, where + ": frames");
                double worstMel = 0;
                for (int t = 0; t < mel.length; t++) {
                    assertEquals(melRef.get(t).size(), mel[t].length, where + ": bands");
                    for (int m = 0; m < mel[t].length; m++) {
                        double error = Math.abs(Math.log(mel[t][m]
                                + 1e-6) - Math.log(melRef.get(t).get(m).asDouble() + 1e-6));
                        worstMel = Math.max(worstMel, error);
                        assertTrue(error <= LOG_MEL_TOLERANCE, where + " mel[" + t + "][" + m + "]: " + mel[t][m]
                                + " vs " + melRef.get(t).get(m));
                    }
                }
                float[][] mfcc = extractor.mfcc(samples);
                JsonNode mfccRef = entry.getValue().get("mfcc");
                assertEquals(mfccRef.size(), mfcc.length, where + ": MFCC frames");
                double worstMfcc = 0;
                for (int t = 0; t < mfcc.length; t++) {
                    for (int c = 0; c < mfcc[t].length; c++) {
                        double error = Math.abs(mfcc[t][c] - mfccRef.get(t).get(c).asDouble());
                        worstMfcc = Math.max(worstMfcc, error);
                        assertTrue(error <= MFCC_TOLERANCE, where + " mfcc[" + t + "][" + c + "]: " + mfcc[t][c]
                                + " vs " + mfccRef.get(t).get(c));
                    }
                }
                System.out.printf("%s: largest log-mel difference %.3g, MFCC %.3g%n", where, worstMel, worstMfcc);
            }
        }
    }
}
