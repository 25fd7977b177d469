package dev.rnn4j.speech.model;

import dev.rnn4j.ctc.CtcGreedyDecoder;
import dev.rnn4j.ctc.CtcHypothesis;
import dev.rnn4j.ctc.CtcPrefixBeamSearch;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.speech.audio.AudioLoader;
import dev.rnn4j.speech.audio.Waveform;
import dev.rnn4j.speech.features.FeatureExtractor;
import dev.rnn4j.speech.features.FeatureNormalizer;
import dev.rnn4j.speech.features.FeatureSettings;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises spoken digits with a trained acoustic model ({@link SpeechModelFolder}). Audio at another rate
 * is resampled to the model's, and the {@link Transcription} says so. Isolated-digit models give the ten class
 * probabilities (softmax of the logits); connected-digit models the {@value #N_BEST}-best digit sequences of a
 * CTC prefix beam search of width {@value #BEAM_WIDTH} and the frame-wise best classes.
 *
 * <p>Thread-safe: the network stays in evaluation mode, each call runs without recording gradients and
 * writes only to its own memory.
 */
public final class Transcriber implements Predictor<Waveform, Transcription> {
    /** Beam width of the CTC prefix beam search. */
    public static final int BEAM_WIDTH = 8;
    /** Hypotheses returned for connected digits. */
    public static final int N_BEST = 3;

    private final AcousticNetwork network;
    private final FeatureNormalizer normalizer;
    // one extractor per thread: the STFT keeps a frame buffer of its own
    private final ThreadLocal<FeatureExtractor> extractors;
    private final FeatureSettings settings;
    private final int sampleRate;

    Transcriber(AcousticNetwork network, FeatureNormalizer normalizer, int sampleRate) {
        this.network = network;
        this.normalizer = normalizer;
        this.settings = FeatureSettings.defaults(sampleRate);
        this.extractors = ThreadLocal.withInitial(() -> new FeatureExtractor(settings));
        this.sampleRate = sampleRate;
    }

    /** Loads a model folder. */
    public static Transcriber load(Path folder) {
        return SpeechModelFolder.load(folder);
    }

    /** The model's sample rate in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** The acoustic network (in evaluation mode). */
    public AcousticNetwork network() {
        return network;
    }

    /**
     * Reads a WAV file (resampling it to the model's rate) and transcribes it.
     *
     * @throws dev.rnn4j.speech.audio.WavFormatException naming the file if it is not a readable WAV file or is
     *     shorter than one analysis window
     */
    public Transcription transcribe(Path wav) {
        AudioLoader.LoadedAudio audio = AudioLoader.load(wav, sampleRate, settings.minSamples());
        Transcription t = predict(audio.waveform());
        return new Transcription(t.digits(), t.probabilities(), t.nBest(), t.alignment(), audio.resampled());
    }

    /** The normalised log-mel features (frames, F) of a waveform at any rate. */
    public float[][] features(Waveform waveform) {
        return normalizer.apply(extractors.get().logMel(waveform.resampled(sampleRate)));
    }

    @Override
    public ModelInfo describe() {
        AcousticModelConfig c = network.config();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("task", c.task().name().toLowerCase(java.util.Locale.ROOT));
        settings.put("sample_rate", sampleRate);
        settings.put("cell", c.cell().name());
        settings.put("features", c.features());
        settings.put("subsampling", c.subsampling().key());
        settings.put("factor", c.factor());
        settings.put("hidden", c.hidden());
        settings.put("layers", c.layers());
        return new ModelInfo(SpeechModelFolder.TASK, "audio samples with their sample rate",
                c.task() == SpeechTask.DIGITS ? "a digit with a probability per digit"
                        : "a digit sequence with the n-best sequences and their log-probabilities", settings);
    }

    @Override
    public Transcription predict(Waveform waveform) {
        if (waveform == null) {
            throw new IllegalArgumentException("waveform: expected audio samples, got null");
        }
        if (waveform.resampled(sampleRate).length() < settings.minSamples()) {
            throw new IllegalArgumentException("waveform: expected at least one analysis window of "
                    + settings.minSamples() + " samples at " + sampleRate + " Hz, got "
                    + waveform.resampled(sampleRate).length());
        }
        boolean resampled = waveform.sampleRate() != sampleRate;
        FeatureBatch batch = FeatureBatch.of(List.<float[][]>of(features(waveform)), List.of(new int[0]),
                network.config());
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            Tensor out = network.forward(batch.x(), batch.lengths());
            if (network.config().task() == SpeechTask.DIGITS) {
                float[] logits = out.toFloatArray(); // (1, 10)
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double[] p = new double[logits.length];
                double total = 0;
                int best = 0;
                for (int c = 0; c < logits.length; c++) {
                    p[c] = Math.exp(logits[c] - max);
                    total += p[c];
                    best = logits[c] > logits[best] ? c : best;
                }
                for (int c = 0; c < p.length; c++) {
                    p[c] /= total;
                }
                return new Transcription(new int[] {best}, p, List.of(), new int[0], resampled);
            }
            List<CtcHypothesis> beams = new CtcPrefixBeamSearch(BEAM_WIDTH, 0)
                    .search(out, batch.lengths(), N_BEST).get(0);
            List<CtcHypothesis> nBest = new ArrayList<>();
            for (CtcHypothesis h : beams) {
                nBest.add(new CtcHypothesis(AcousticDecoding.toDigits(h.labels()), h.logProbability()));
            }
            int[] alignment = CtcGreedyDecoder.alignment(out, batch.lengths())[0];
            int[] digits = nBest.isEmpty() ? new int[0] : nBest.get(0).labels();
            return new Transcription(digits, null, nBest, alignment, resampled);
        }
    }

    @Override
    public List<Transcription> predictBatch(List<Waveform> inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs: expected a list of waveforms, got null");
        }
        List<Transcription> result = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            try {
                result.add(predict(inputs.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("inputs[" + i + "]: " + e.getMessage(), e);
            }
        }
        return result;
    }
}
