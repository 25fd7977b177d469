package dev.rnn4j.speech.model;

import dev.rnn4j.ctc.CtcLoss;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.schedule.ExponentialLR;
import dev.rnn4j.speech.features.SpecAugment;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.BatchSource;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.StepResult;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains an {@link AcousticNetwork} on the {@link Trainer}: Adam with gradient-norm clipping and a per-epoch
 * decay, shuffled batches, optional SpecAugment masks, and a validation set scored at every epoch's end; the
 * best epoch's weights are kept. Isolated digits minimise the cross entropy and keep the best
 * {@code val_accuracy}; connected digits minimise PyTorch's CTC loss (reduction mean, {@code zero_infinity}
 * so that an utterance with fewer steps than its digits need contributes 0 instead of an infinite loss) and keep
 * the lowest {@code val_der}, the digit error rate of greedy decoding.
 */
public final class AcousticTrainer {

    private static final PrintStream NULL_STREAM = new PrintStream(OutputStream.nullOutputStream());

    private AcousticTrainer() {
    }

    /** A trained network and its run. */
    public record Trained(AcousticNetwork network, TrainResult result) {
    }

    /**
     * @param config     the network; its features must match the utterances'
     * @param train      training utterances, at least one
     * @param validation validation utterances, at least one (a cut of the training recordings, never the test set)
     * @param o          the training settings
     * @param modelConfig extra entries for the run's model configuration (written with checkpoints), or null
     */
    public static Trained train(AcousticModelConfig config, List<LabeledFeatures> train,
                                List<LabeledFeatures> validation, AcousticTraining o,
                                Map<String, Object> modelConfig) throws IOException {
        if (config == null || train == null || train.isEmpty() || validation == null || validation.isEmpty()
                || o == null) {
            throw new IllegalArgumentException("config, train, validation, options: expected a config, >= 1 "
                    + "training and >= 1 validation utterance and options");
        }
        for (LabeledFeatures u : train) {
            if (u.features()[0].length != config.features()) {
                throw new IllegalArgumentException("train: expected " + config.features()
                        + " features per frame (the config's), got " + u.features()[0].length);
            }
            if (config.task() == SpeechTask.DIGITS && u.digits().length != 1) {
                throw new IllegalArgumentException("train: isolated digits expect one digit per utterance, got "
                        + u.digits().length);
            }
        }
        PrintStream log = o.log() != null ? o.log() : NULL_STREAM;
        Rng rng = new Rng(o.seed());
        AcousticNetwork network = new AcousticNetwork(config, rng);
        Adam adam = new Adam(network.parameters(), o.lr());
        SpecAugment augment = SpecAugment.speechDefaults();
        BatchSource<FeatureBatch> batches = BatchSource.ofIndices(train.size(), o.batchSize(), true, false,
                indices -> {
                    // masks drawn from the batch's own indices, so a resumed run sees the same masks
                    SplittableRandom random = new SplittableRandom(o.seed() * 31 + Arrays.hashCode(indices));
                    List<float[][]> features = new ArrayList<>();
                    List<int[]> labels = new ArrayList<>();
                    for (int i : indices) {
                        float[][] f = train.get(i).features();
                        features.add(o.specAugment() ? augment.apply(f, random) : f);
                        labels.add(train.get(i).digits());
                    }
                    return FeatureBatch.of(features, labels, config);
                });
        List<float[][]> validFeatures = validation.stream().map(LabeledFeatures::features).toList();
        int[][] validDigits = validation.stream().map(LabeledFeatures::digits).toArray(int[][]::new);
        Map<String, Object> runConfig = new LinkedHashMap<>();
        runConfig.put("task", config.task().name().toLowerCase(java.util.Locale.ROOT));
        runConfig.put("cell", config.cell().name());
        runConfig.put("features", config.features());
        runConfig.put("subsampling", config.subsampling().key());
        runConfig.put("factor", config.factor());
        runConfig.put("hidden", config.hidden());
        runConfig.put("layers", config.layers());
        runConfig.put("dropout", config.dropout());
        if (modelConfig != null) {
            runConfig.putAll(modelConfig);
        }
        Trainer.Builder<AcousticNetwork, FeatureBatch> builder = Trainer.builder(network, adam, batches,
                        AcousticTrainer::step)
                .epochs(o.epochs()).seed(o.seed()).clipGradNorm(o.clipNorm()).registerRng("dropout", rng)
                .modelConfig(runConfig).output(log).logEvery(0).quiet(o.quiet())
                .evaluator(m -> {
                    int[][] recognised = AcousticDecoding.recognise(m, validFeatures, 64);
                    DigitScores scores = DigitScores.of(recognised, validDigits);
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    if (config.task() == SpeechTask.DIGITS) {
                        metrics.put("accuracy", scores.sequenceAccuracy());
                    } else {
                        metrics.put("der", scores.digitErrorRate());
                        metrics.put("sequence_accuracy", scores.sequenceAccuracy());
                    }
                    return metrics;
                })
                .restoreBestWeights(true);
        if (config.task() == SpeechTask.DIGITS) {
            builder.monitor("val_accuracy", Mode.MAX);
        } else {
            builder.monitor("val_der", Mode.MIN);
        }
        if (o.lrDecay() < 1) {
            builder.schedule(new ExponentialLR(adam, o.lrDecay()));
        }
        if (o.quiet()) {
            builder.progressBar(false);
        }
        if (o.runDir() != null) {
            builder.outputDir(o.runDir()).resume(o.resume());
        }
        TrainResult result = builder.build().fit();
        network.eval();
        return new Trained(network, result);
    }

    private static StepResult step(AcousticNetwork network, FeatureBatch batch) {
        Tensor out = network.forward(batch.x(), batch.lengths());
        int size = batch.size();
        if (network.config().task() == SpeechTask.DIGITS) {
            int[] targets = new int[size];
            for (int b = 0; b < size; b++) {
                targets[b] = batch.labels()[b][0];
            }
            Tensor loss = Losses.crossEntropy(out, targets);
            float[] logits = out.toFloatArray();
            int correct = 0;
            for (int b = 0; b < size; b++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = logits[b * 10 + c] > logits[b * 10 + best] ? c : best;
                }
                correct += best == targets[b] ? 1 : 0;
            }
            return StepResult.of(loss, size, Map.of("accuracy", (double) correct / size));
        }
        int[][] targets = new int[size][];
        int[] targetLengths = new int[size];
        for (int b = 0; b < size; b++) {
            targets[b] = AcousticDecoding.toLabels(batch.labels()[b]);
            targetLengths[b] = targets[b].length;
        }
        Tensor loss = CtcLoss.ctcLoss(out, targets, batch.lengths(), targetLengths, 0, Reduction.MEAN, true);
        return StepResult.of(loss, size);
    }
}
