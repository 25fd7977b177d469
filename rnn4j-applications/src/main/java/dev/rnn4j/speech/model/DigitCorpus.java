package dev.rnn4j.speech.model;

import dev.rnn4j.speech.audio.Waveform;
import dev.rnn4j.speech.data.ConnectedDigits;
import dev.rnn4j.speech.data.ConnectedUtterance;
import dev.rnn4j.speech.data.FsddDataset;
import dev.rnn4j.speech.data.FsddRecording;
import dev.rnn4j.speech.features.FeatureExtractor;
import dev.rnn4j.speech.features.FeatureNormalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The FSDD recordings as network inputs: log-mel features ({@link FeatureExtractor#logMel}) normalised with
 * global statistics fitted on the training cut only. The training recordings of a split are cut once more:
 * takes {@value #FIRST_VALIDATION_INDEX}-{@value #LAST_VALIDATION_INDEX} form the validation set that picks the
 * best epoch, so the test recordings are never seen before the final evaluation. In the official split
 * (training takes 5-49) these are its lowest three takes; leaving one speaker out, they are the same takes of
 * the other speakers, whose takes 0-4 and 8-49 train.
 *
 * @param train      training utterances
 * @param validation validation utterances (from training recordings)
 * @param test       test utterances (from test recordings only)
 * @param normalizer the statistics of the training features, already applied to all three sets
 */
public record DigitCorpus(List<LabeledFeatures> train, List<LabeledFeatures> validation, List<LabeledFeatures> test,
                          FeatureNormalizer normalizer) {

    /** The first take of the validation cut. */
    public static final int FIRST_VALIDATION_INDEX = 5;
    /** The last take of the validation cut. */
    public static final int LAST_VALIDATION_INDEX = 7;

    /** Isolated digits of the official split: one utterance per recording. */
    public static DigitCorpus isolated(FsddDataset dataset, FeatureExtractor extractor) {
        checkArguments(dataset, extractor);
        return isolated(dataset.officialSplit(), extractor);
    }

    /**
     * Isolated digits of any split, e.g. {@link FsddDataset#leaveOneSpeakerOut(String)}: one utterance per
     * recording; the split's training recordings with a validation take are the validation set.
     *
     * @throws IllegalArgumentException if the split leaves no training or no validation recording
     */
    public static DigitCorpus isolated(FsddDataset.Split split, FeatureExtractor extractor) {
        if (split == null || extractor == null) {
            throw new IllegalArgumentException("split, extractor: expected non-null arguments");
        }
        long validationCount = split.train().stream().filter(DigitCorpus::isValidation).count();
        if (validationCount == 0 || validationCount == split.train().size()) {
            throw new IllegalArgumentException("split '" + split.name() + "': expected training recordings with "
                    + "takes " + FIRST_VALIDATION_INDEX + "-" + LAST_VALIDATION_INDEX + " (validation) and others, got "
                    + validationCount + " validation recordings of " + split.train().size());
        }
        Function<FsddRecording, Waveform> reader = ConnectedDigits.cachedReader();
        List<float[][]> trainFeatures = new ArrayList<>();
        List<int[]> trainDigits = new ArrayList<>();
        List<float[][]> validFeatures = new ArrayList<>();
        List<int[]> validDigits = new ArrayList<>();
        for (FsddRecording r : split.train()) {
            boolean validation = isValidation(r);
            (validation ? validFeatures : trainFeatures).add(features(extractor, reader.apply(r)));
            (validation ? validDigits : trainDigits).add(new int[] {r.digit()});
        }
        List<float[][]> testFeatures = new ArrayList<>();
        List<int[]> testDigits = new ArrayList<>();
        for (FsddRecording r : split.test()) {
            testFeatures.add(features(extractor, reader.apply(r)));
            testDigits.add(new int[] {r.digit()});
        }
        return normalised(trainFeatures, trainDigits, validFeatures, validDigits, testFeatures, testDigits);
    }

    /**
     * Connected digits built by {@code generator}: {@code trainCount} utterances from the training cut (seed
     * {@code seed}), {@code validationCount} from the validation cut (seed + 1) and {@code testCount} from the
     * test recordings (seed + 2).
     */
    public static DigitCorpus connected(FsddDataset dataset, FeatureExtractor extractor, ConnectedDigits generator,
                                        int trainCount, int validationCount, int testCount, long seed) {
        checkArguments(dataset, extractor);
        if (generator == null || trainCount < 1 || validationCount < 1 || testCount < 0) {
            throw new IllegalArgumentException("generator, counts: expected a generator, >= 1 training and "
                    + "validation utterances and >= 0 test ones, got " + generator + ", " + trainCount + ", "
                    + validationCount + ", " + testCount);
        }
        FsddDataset.Split split = dataset.officialSplit();
        List<FsddRecording> trainPool = split.train().stream().filter(r -> !isValidation(r)).toList();
        List<FsddRecording> validPool = split.train().stream().filter(DigitCorpus::isValidation).toList();
        Function<FsddRecording, Waveform> reader = ConnectedDigits.cachedReader();
        List<List<ConnectedUtterance>> sets = List.of(generator.generate(trainPool, trainCount, seed, reader),
                generator.generate(validPool, validationCount, seed + 1, reader),
                testCount == 0 ? List.of() : generator.generate(split.test(), testCount, seed + 2, reader));
        List<List<float[][]>> features = new ArrayList<>();
        List<List<int[]>> digits = new ArrayList<>();
        for (List<ConnectedUtterance> set : sets) {
            List<float[][]> f = new ArrayList<>();
            List<int[]> d = new ArrayList<>();
            for (ConnectedUtterance u : set) {
                f.add(features(extractor, u.waveform()));
                d.add(u.digits());
            }
            features.add(f);
            digits.add(d);
        }
        return normalised(features.get(0), digits.get(0), features.get(1), digits.get(1), features.get(2),
                digits.get(2));
    }

    /** Whether a training recording belongs to the validation cut: takes 5-7. */
    public static boolean isValidation(FsddRecording recording) {
        return recording.index() >= FIRST_VALIDATION_INDEX && recording.index() <= LAST_VALIDATION_INDEX;
    }

    private static void checkArguments(FsddDataset dataset, FeatureExtractor extractor) {
        if (dataset == null || extractor == null) {
            throw new IllegalArgumentException("dataset, extractor: expected non-null arguments");
        }
    }

    private static float[][] features(FeatureExtractor extractor, Waveform waveform) {
        return extractor.logMel(waveform.resampled(extractor.settings().sampleRate()));
    }

    private static DigitCorpus normalised(List<float[][]> trainFeatures, List<int[]> trainDigits,
                                          List<float[][]> validFeatures, List<int[]> validDigits,
                                          List<float[][]> testFeatures, List<int[]> testDigits) {
        FeatureNormalizer normalizer = FeatureNormalizer.fit(trainFeatures);
        return new DigitCorpus(labeled(normalizer, trainFeatures, trainDigits),
                labeled(normalizer, validFeatures, validDigits), labeled(normalizer, testFeatures, testDigits),
                normalizer);
    }

    private static List<LabeledFeatures> labeled(FeatureNormalizer normalizer, List<float[][]> features,
                                                 List<int[]> digits) {
        List<LabeledFeatures> result = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            result.add(new LabeledFeatures(normalizer.apply(features.get(i)), digits.get(i)));
        }
        return result;
    }
}
