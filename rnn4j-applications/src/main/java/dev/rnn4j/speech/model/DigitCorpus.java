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
 * global statistics fitted on the training cut only. The official training recordings (index 5-49) are cut
 * once more: recordings with index {@value #LAST_VALIDATION_INDEX} or lower form the validation set that picks
 * the best epoch, so the test recordings (index 0-4) are never seen before the final evaluation.
 *
 * @param train      training utterances
 * @param validation validation utterances (from training recordings)
 * @param test       test utterances (from test recordings only)
 * @param normalizer the statistics of the training features, already applied to all three sets
 */
public record DigitCorpus(List<LabeledFeatures> train, List<LabeledFeatures> validation, List<LabeledFeatures> test,
                          FeatureNormalizer normalizer) {

    /** Training recordings with an index up to this one are the validation cut. */
    public static final int LAST_VALIDATION_INDEX = 7;

    /** Isolated digits: one utterance per recording. */
    public static DigitCorpus isolated(FsddDataset dataset, FeatureExtractor extractor) {
        checkArguments(dataset, extractor);
        FsddDataset.Split split = dataset.officialSplit();
        Function<FsddRecording, Waveform> reader = ConnectedDigits.cachedReader();
        List<float[][]> trainFeatures = new ArrayList<>();
        List<int[]> trainDigits = new ArrayList<>();
        List<float[][]> validFeatures = new ArrayList<>();
        List<int[]> validDigits = new ArrayList<>();
        for (FsddRecording r : split.train()) {
            boolean validation = r.index() <= LAST_VALIDATION_INDEX;
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
        List<FsddRecording> trainPool = split.train().stream().filter(r -> r.index() > LAST_VALIDATION_INDEX)
                .toList();
        List<FsddRecording> validPool = split.train().stream().filter(r -> r.index() <= LAST_VALIDATION_INDEX)
                .toList();
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
