package dev.rnn4j.speech.data;

import dev.rnn4j.speech.audio.WavReader;
import dev.rnn4j.speech.audio.Waveform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds connected-digit utterances from isolated FSDD recordings.
 *
 * <p>Utterance k of a call with seed s draws from the k-th {@link SplittableRandom#split()} of
 * {@code new SplittableRandom(s)}, in this order: a speaker, uniformly among the speakers of the pool;
 * a length n, uniformly in [minDigits, maxDigits]; then per digit a digit uniformly among those the
 * speaker has in the pool, one of that speaker's recordings of it uniformly, and a gain uniformly in
 * [minGainDb, maxGainDb] dB (factor 10^(g/20)); and n + 1 silences, each uniformly in
 * [minSilenceSeconds, maxSilenceSeconds], before, between and after the digits. Samples are clamped
 * to ±1 after the gain. The pool is sorted first ({@link FsddRecording#ORDER}), so the same pool and
 * seed give the same utterances, sample for sample, on any machine; utterance k does not depend on how
 * many were asked for.
 *
 * <p>Only recordings from the given pool are used: pass {@code officialSplit().train()} for training
 * utterances and {@code officialSplit().test()} for test ones (as {@link #officialSets}), so no test
 * recording is heard in training.
 *
 * @param minDigits fewest digits per utterance, at least 1
 * @param maxDigits most digits per utterance, at least minDigits
 * @param minSilenceSeconds shortest silence, at least 0
 * @param maxSilenceSeconds longest silence, at least minSilenceSeconds
 * @param minGainDb lowest gain in dB
 * @param maxGainDb highest gain in dB, at least minGainDb
 */
public record ConnectedDigits(int minDigits, int maxDigits, double minSilenceSeconds, double maxSilenceSeconds,
        double minGainDb, double maxGainDb) {

    /** Checks the fields. */
    public ConnectedDigits {
        if (minDigits < 1 || maxDigits < minDigits) {
            throw new IllegalArgumentException("minDigits, maxDigits: expected 1 <= min <= max, got " + minDigits
                    + ", " + maxDigits);
        }
        if (!(minSilenceSeconds >= 0) || !(maxSilenceSeconds >= minSilenceSeconds) || maxSilenceSeconds > 10) {
            throw new IllegalArgumentException("minSilenceSeconds, maxSilenceSeconds: expected 0 <= min <= max <= 10, got "
                    + minSilenceSeconds + ", " + maxSilenceSeconds);
        }
        if (!(maxGainDb >= minGainDb) || !Double.isFinite(minGainDb) || !Double.isFinite(maxGainDb)) {
            throw new IllegalArgumentException("minGainDb, maxGainDb: expected finite min <= max, got " + minGainDb
                    + ", " + maxGainDb);
        }
    }

    /** 2 to 7 digits, silences of 50 to 300 ms, gains from −6 to +6 dB. */
    public static ConnectedDigits defaults() {
        return new ConnectedDigits(2, 7, 0.05, 0.3, -6, 6);
    }

    /**
     * Training and test utterances.
     *
     * @param train built only from training recordings
     * @param test built only from test recordings
     */
    public record Sets(List<ConnectedUtterance> train, List<ConnectedUtterance> test) {
    }

    /**
     * {@code trainCount} utterances from the official training recordings (seed {@code seed}) and
     * {@code testCount} from the official test recordings (seed {@code seed + 1}), reading the files
     * with {@link WavReader}.
     */
    public Sets officialSets(FsddDataset dataset, int trainCount, int testCount, long seed) {
        FsddDataset.Split split = dataset.officialSplit();
        Function<FsddRecording, Waveform> reader = cachedReader();
        return new Sets(generate(split.train(), trainCount, seed, reader), generate(split.test(), testCount, seed
                + 1, reader));
    }

    /** A reader of recordings that keeps each waveform once read. */
    public static Function<FsddRecording, Waveform> cachedReader() {
        Map<FsddRecording, Waveform> cache = new HashMap<>();
        return recording -> cache.computeIfAbsent(recording, r -> WavReader.read(r.file()).waveform());
    }

    /**
     * {@code count} utterances from the recordings of {@code pool}.
     *
     * @param pool the recordings to draw from, non-empty, all at one sample rate
     * @param count how many utterances, at least 0
     * @param seed the seed
     * @param reader the audio of a recording (e.g. {@link #cachedReader()})
     * @throws IllegalArgumentException if the pool is empty or its recordings differ in sample rate
     */
    public List<ConnectedUtterance> generate(List<FsddRecording> pool, int count, long seed,
            Function<FsddRecording, Waveform> reader) {
        if (pool == null || pool.isEmpty()) {
            throw new IllegalArgumentException("pool: expected recordings, got " + (pool == null ? "null" : "none"));
        }
        if (count < 0 || reader == null) {
            throw new IllegalArgumentException("count, reader: expected count >= 0 and a reader, got " + count
                    + ", " + reader);
        }
        // speaker -> digit -> recordings, all sorted
        TreeMap<String, TreeMap<Integer, List<FsddRecording>>> bySpeaker = new TreeMap<>();
        pool.stream().sorted(FsddRecording.ORDER).forEach(r -> bySpeaker.computeIfAbsent(r.speaker(),
                s -> new TreeMap<>())
                .computeIfAbsent(r.digit(), d -> new ArrayList<>()).add(r));
        List<String> speakers = new ArrayList<>(bySpeaker.keySet());
        SplittableRandom root = new SplittableRandom(seed);
        List<ConnectedUtterance> utterances = new ArrayList<>(count);
        int rate = 0;
        for (int k = 0; k < count; k++) {
            SplittableRandom random = root.split();
            String speaker = speakers.get(random.nextInt(speakers.size()));
            TreeMap<Integer, List<FsddRecording>> digitsOfSpeaker = bySpeaker.get(speaker);
            List<Integer> available = new ArrayList<>(digitsOfSpeaker.keySet());
            int length = minDigits + random.nextInt(maxDigits - minDigits + 1);
            int[] digits = new int[length];
            List<FsddRecording> sources = new ArrayList<>(length);
            double[] gains = new double[length];
            for (int i = 0; i < length; i++) {
                digits[i] = available.get(random.nextInt(available.size()));
                List<FsddRecording> takes = digitsOfSpeaker.get(digits[i]);
                sources.add(takes.get(random.nextInt(takes.size())));
                gains[i] = Math.pow(10, (minGainDb + random.nextDouble() * (maxGainDb - minGainDb)) / 20);
            }
            List<Waveform> parts = new ArrayList<>(length);
            int total = 0;
            for (FsddRecording source : sources) {
                Waveform part = reader.apply(source);
                if (rate == 0) {
                    rate = part.sampleRate();
                } else if (part.sampleRate() != rate) {
                    throw new IllegalArgumentException("pool: expected every recording at " + rate + " Hz, got "
                            + part.sampleRate() + " Hz for " + source.file());
                }
                parts.add(part);
                total += part.length();
            }
            int[] silences = new int[length + 1];
            for (int i = 0; i <= length; i++) {
                double seconds = minSilenceSeconds + random.nextDouble() * (maxSilenceSeconds - minSilenceSeconds);
                silences[i] = (int) Math.round(seconds * rate);
                total += silences[i];
            }
            float[] samples = new float[total];
            int at = silences[0];
            for (int i = 0; i < length; i++) {
                float[] part = parts.get(i).samples();
                for (int n = 0; n < part.length; n++) {
                    samples[at + n] = (float) Math.max(-1.0, Math.min(1.0, part[n] * gains[i]));
                }
                at += part.length + silences[i + 1];
            }
            utterances.add(new ConnectedUtterance(speaker, digits, new Waveform(samples, rate), List.copyOf(sources)));
        }
        return utterances;
    }
}
