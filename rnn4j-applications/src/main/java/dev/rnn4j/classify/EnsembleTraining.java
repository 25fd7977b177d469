package dev.rnn4j.classify;

import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.LengthBucketBatcher;
import dev.rnn4j.text.PretrainedEmbeddings;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.train.BatchSource;
import dev.rnn4j.train.Callback;
import dev.rnn4j.train.Checkpoints;
import dev.rnn4j.train.DataParallel;
import dev.rnn4j.train.EpochSnapshots;
import dev.rnn4j.train.Evaluator;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.StepFunction;
import dev.rnn4j.train.StepResult;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Trains the ensemble's networks one after the other on the toolkit's {@link Trainer}: member k
 * with seed {@code seed + k} (initialisation, dropout, word dropout, batch order), in its own run
 * folder {@code FOLDER/member-k} for an ensemble, each choosing its epoch by dev accuracy (of the
 * network plus the n-gram expert at its best weight when there is a table) and, when the config
 * says so, averaging the best epoch with a neighbour ({@link Trainer.Builder#averageNeighbourEpochs}).
 *
 * <p>One epoch = the length-bucketed batches of the training texts (their order a function of
 * seed and epoch), cross entropy over the classes, gradient norm clipping, Adam. Stateless.
 *
 * <p>As one worker of a data-parallel run ({@link DataParallel}), each step computes the worker's
 * rows of the global batch, with the loss {@code Σ ℓ_b / B} over its rows (B the global batch's
 * rows), so that the workers' gradients sum to the single-process gradient of the batch's mean
 * loss; dropout and word dropout draw from generators reset every step from (seed, rank, step); the
 * trainer's gradient hook sums the gradients over the workers; rank 0 writes the run folder and the
 * others follow it.
 */
final class EnsembleTraining {

    private EnsembleTraining() {
    }

    /**
     * The encoded data every member trains on.
     *
     * @param trainIds    token ids of each training text
     * @param trainLabels label index of each training text
     * @param devIds      token ids of each dev text
     * @param devLabels   label index of each dev text
     * @param devScores   the n-gram table's scores of each dev text, or null without a table
     */
    record Data(List<int[]> trainIds, int[] trainLabels, List<int[]> devIds, int[] devLabels,
                Vocabulary vocabulary, LabelSet labels, NgramNaiveBayes table, double[][] devScores) {
    }

    /** One trained network of the ensemble (in eval mode) and how its training went. */
    record Member(SequenceClassifier network, TrainingSummary summary) {
    }

    /**
     * Trains {@code config.ensembleSize()} networks. A resumed ensemble continues each member from
     * its run folder's latest checkpoint, and starts afresh the members the interrupted run had not
     * checkpointed.
     *
     * @param pretrained     embeddings to copy into each network, or null
     * @param pretrainedFile the file they came from (for the log), or null
     */
    static List<Member> trainAll(Data data, ClassifierConfig config, PretrainedEmbeddings pretrained,
                                 Path pretrainedFile, TextClassifier.RunOptions run, DataParallel parallel,
                                 Consumer<String> out) {
        int members = config.ensembleSize();
        List<Member> trained = new ArrayList<>(members);
        for (int k = 0; k < members; k++) {
            ClassifierConfig memberConfig = members == 1 ? config : config.toBuilder().seed(config.seed() + k).build();
            Path memberFolder = members == 1 || run.folder() == null ? null : run.folder().resolve("member-" + k);
            TextClassifier.RunOptions memberRun = memberFolder == null ? run
                    : new TextClassifier.RunOptions(memberFolder,
                    run.resume() && Files.exists(memberFolder.resolve(Checkpoints.LATEST)), run.quiet());
            String prefix = members == 1 ? "" : "member " + (k + 1) + "/" + members + ": ";
            trained.add(trainMember(data, memberConfig, pretrained, pretrainedFile, memberRun, parallel,
                    line -> out.accept(prefix + line)));
        }
        return trained;
    }

    /**
     * Trains one network and chooses its epoch (or mean of two epochs) by dev accuracy.
     *
     * @param parallel this worker of a data-parallel run, or null for a single process
     */
    static Member trainMember(Data data, ClassifierConfig config, PretrainedEmbeddings pretrained,
                              Path pretrainedFile, TextClassifier.RunOptions run, DataParallel parallel,
                              Consumer<String> out) {
        long start = System.nanoTime();
        Vocabulary vocabulary = data.vocabulary();
        LabelSet labels = data.labels();
        int classCount = labels.size();
        Rng rng = new Rng(config.seed());
        SequenceClassifier model = new SequenceClassifier(modelConfig(config, vocabulary.size(), classCount), rng);
        scaleEmbeddings(model, config.embeddingInitStd());
        if (pretrained != null) {
            copyPretrained(model, pretrained);
            out.accept(String.format(Locale.ROOT, "embeddings: %d of %d words found in %s", pretrained.hits(),
                    vocabulary.size() - 2, pretrainedFile));
        }
        int trainSize = data.trainIds().size();
        out.accept(String.format(Locale.ROOT, "data: %d training and %d dev examples, %d classes %s, vocabulary %d;"
                        + " model: %,d parameters", trainSize, data.devIds().size(), classCount, labels.labels(),
                vocabulary.size(), model.parameterCount()));

        Adam optimizer = new Adam(model.parameters(), config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay(),
                false);
        LengthBucketBatcher batcher = new LengthBucketBatcher(config.batchSize(), config.maxLength(), true,
                config.seed());
        List<int[]> trainIds = data.trainIds();
        int[] trainLabels = data.trainLabels();
        int batchesPerEpoch = batcher.batches(trainIds, trainLabels, 1).size(); // the same for every epoch
        BatchSource<LengthBucketBatcher.Batch> source = new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
                return batchesPerEpoch;
            }

            @Override
            public Iterator<LengthBucketBatcher.Batch> batches(int epoch, Rng epochRng) {
                // the batcher's order is a function of (seed, epoch) alone, as the trainer requires
                return batcher.batches(trainIds, trainLabels, epoch + 1).iterator();
            }
        };
        Rng wordRng = new Rng(config.seed() * 31 + 17);
        // the trainer, for the global step a data-parallel worker seeds its generators with
        AtomicReference<Trainer<?, ?>> running = new AtomicReference<>();
        StepFunction<SequenceClassifier, LengthBucketBatcher.Batch> step = parallel != null
                ? (network, batch) -> shardStep(network, batch, config, parallel, running.get().globalStep(), rng,
                wordRng)
                : (network, batch) -> {
            // ids: (B, T) batch-first, padded with 0; lengths decreasing
            int[] ids = config.wordDropout() > 0 ? dropWords(batch, config.wordDropout(), wordRng) : batch.ids();
            Tensor logits = network.forward(ids, batch.batchSize(), batch.maxLen(), batch.lengths()); // (B, C)
            return StepResult.of(Losses.crossEntropy(logits, batch.labels()), batch.batchSize());
        };
        // the trainer calls this in eval mode (dropout off) without gradients
        Evaluator<SequenceClassifier> devAccuracy = network -> {
            float[] logits = ClassifierPredictor.networkLogits(network, data.devIds(), config.maxLength());
            return Map.of("accuracy", data.table() == null
                    ? TextEncoding.accuracy(TextEncoding.argmaxRows(logits, data.devIds().size(), classCount),
                    data.devLabels())
                    : NgramMixing.bestWeight(logits, data.devScores(), data.devLabels(), classCount).accuracy());
        };
        List<Double> secondsPerEpoch = new ArrayList<>();
        long[] epochStart = {System.nanoTime()};
        Callback timer = new Callback() {
            @Override
            public void onEpochEnd(Trainer<?, ?> trainer, Callback.EpochInfo epoch) {
                long now = System.nanoTime();
                secondsPerEpoch.add((now - epochStart[0]) / 1e9);
                epochStart[0] = now;
            }
        };
        Trainer.Builder<SequenceClassifier, LengthBucketBatcher.Batch> builder =
                Trainer.builder(model, optimizer, source, step)
                        .epochs(config.epochs()).seed(config.seed()).evaluator(devAccuracy)
                        .restoreBestWeights(true).averageNeighbourEpochs(config.averageNeighbourEpochs())
                        .registerRng("dropout", rng).registerRng("word_dropout", wordRng)
                        .modelConfig(ModelFolder.configJson(config, vocabulary.size(), classCount, null))
                        .quiet(run.quiet()).callback(timer).output(linePrinter(out));
        if (run.folder() != null) {
            builder.outputDir(run.folder()).resume(run.resume());
        }
        if (parallel != null) {
            builder.gradientHook(parallel.reducer()).writesOutput(parallel.writesOutput() || run.folder() == null);
        }
        if (config.patience() > 0) {
            builder.earlyStopping("val_accuracy", Mode.MAX, config.patience());
        } else {
            builder.monitor("val_accuracy", Mode.MAX);
        }
        if (config.gradClip() > 0) {
            builder.clipGradNorm(config.gradClip());
        }
        TrainResult result;
        try {
            Trainer<SequenceClassifier, LengthBucketBatcher.Batch> trainer = builder.build();
            running.set(trainer);
            result = trainer.fit();
        } catch (IOException e) {
            throw new UncheckedIOException("training run folder " + run.folder() + ": " + e.getMessage(), e);
        }
        // the trainer has restored the best epoch's weights, or the better mean with a neighbour
        model.eval();
        double keptDev = result.bestValue();
        EpochSnapshots.Averaging averaging = result.averaging();
        if (averaging != null) {
            for (EpochSnapshots.Trial trial : averaging.trials()) {
                out.accept(String.format(Locale.ROOT, "mean of epochs %d and %d: dev accuracy %.4f (epoch %d: %.4f)",
                        averaging.bestEpoch(), trial.otherEpoch(), trial.value(), averaging.bestEpoch(),
                        averaging.bestValue()));
            }
            keptDev = averaging.keptValue();
            out.accept("kept the parameters of " + averaging.kept());
        }
        List<EpochResult> epochs = new ArrayList<>();
        List<Map<String, Double>> history = result.history();
        for (int i = 0; i < history.size(); i++) {
            Map<String, Double> row = history.get(i);
            int epoch = (int) Math.round(row.get("epoch"));
            // epochs from before a resume were not timed by this process
            int timed = i - (history.size() - secondsPerEpoch.size());
            double seconds = timed >= 0 ? secondsPerEpoch.get(timed) : Double.NaN;
            epochs.add(new EpochResult(epoch, row.get("loss"), row.get("val_accuracy"), seconds,
                    trainSize / seconds, epoch == result.bestEpoch()));
        }
        double total = (System.nanoTime() - start) / 1e9;
        out.accept(String.format(Locale.ROOT, "kept epoch %d (dev accuracy %.4f); training took %.1f s",
                result.bestEpoch(), keptDev, total));
        return new Member(model, new TrainingSummary(List.copyOf(epochs), result.bestEpoch(), keptDev, total,
                result.stoppedEarly()));
    }

    /**
     * A data-parallel worker's step: its rows of the global batch, with the loss {@code Σ ℓ_b / B}
     * over them, and dropout drawn from generators reset from (seed, rank, step). A worker without
     * rows (a batch smaller than the number of workers) contributes a zero loss and zero gradients.
     */
    static StepResult shardStep(SequenceClassifier network, LengthBucketBatcher.Batch batch, ClassifierConfig config,
                                DataParallel parallel, long globalStep, Rng dropoutRng, Rng wordRng) {
        dropoutRng.setState(parallel.generatorState(config.seed(), globalStep));
        wordRng.setState(parallel.generatorState(config.seed() * 31 + 17, globalStep));
        LengthBucketBatcher.Batch shard = rowsOf(batch, parallel.shardRows(batch.batchSize()));
        if (shard == null) {
            Tensor zero = network.parameters().get(0).sum().mul(0.0);
            return StepResult.of(zero, batch.batchSize());
        }
        int[] ids = config.wordDropout() > 0 ? dropWords(shard, config.wordDropout(), wordRng) : shard.ids();
        Tensor logits = network.forward(ids, shard.batchSize(), shard.maxLen(), shard.lengths()); // (n, C)
        Tensor loss = Losses.crossEntropy(logits, shard.labels(), null, Losses.DEFAULT_IGNORE_INDEX, 0.0,
                Reduction.SUM).mul(1.0 / batch.batchSize());
        // the global batch's sequences: the trainer's epoch means then weigh each step as one process does
        return StepResult.of(loss, batch.batchSize());
    }

    /**
     * The batch-first batch of {@code batch}'s rows {@code rows} (increasing, so lengths stay
     * decreasing), padded to the longest of them; null when {@code rows} is empty.
     */
    static LengthBucketBatcher.Batch rowsOf(LengthBucketBatcher.Batch batch, int[] rows) {
        if (rows.length == 0) {
            return null;
        }
        int n = rows.length;
        int steps = batch.lengths()[rows[0]];
        int[] ids = new int[n * steps]; // (n, steps), padding 0
        int[] lengths = new int[n];
        int[] labels = new int[n];
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            int b = rows[i];
            lengths[i] = batch.lengths()[b];
            labels[i] = batch.labels()[b];
            indices[i] = batch.indices()[b];
            for (int t = 0; t < lengths[i]; t++) {
                ids[i * steps + t] = batch.id(b, t);
            }
        }
        return new LengthBucketBatcher.Batch(ids, lengths, labels, indices, n, steps, true);
    }

    /** The network's architecture. */
    static SequenceClassifier.Config modelConfig(ClassifierConfig c, int vocabSize, int numClasses) {
        return new SequenceClassifier.Config(vocabSize, c.embeddingDim(), c.cell(), c.hiddenSize(), c.numLayers(),
                c.bidirectional(), c.dropout(), c.embeddingDropout(), c.pooling(), numClasses, Vocabulary.PAD_ID);
    }

    /** A print stream that hands each printed line to {@code log}. */
    private static PrintStream linePrinter(Consumer<String> log) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    log.accept(line.toString(StandardCharsets.UTF_8).stripTrailing());
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** A copy of the batch's ids (B, T) with each real token replaced by {@code <unk>} with probability p. */
    static int[] dropWords(LengthBucketBatcher.Batch batch, double p, Rng rng) {
        int[] ids = batch.ids().clone();
        int steps = batch.maxLen();
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.lengths()[b]; t++) {
                if (rng.nextDouble() < p) {
                    ids[b * steps + t] = Vocabulary.UNK_ID;
                }
            }
        }
        return ids;
    }

    /** Rescales the N(0, 1) initial embeddings to N(0, std²); the padding row stays zero. */
    static void scaleEmbeddings(SequenceClassifier model, double std) {
        if (std == 1.0) {
            return;
        }
        Tensor weight = model.embedding().weight(); // (V, E)
        for (int i = 0; i < weight.numel(); i++) {
            weight.setFlat(i, weight.getFlat(i) * std);
        }
    }

    /** Copies the pretrained vectors of the words found into the embedding rows; the padding row stays zero. */
    static void copyPretrained(SequenceClassifier model, PretrainedEmbeddings pretrained) {
        Tensor weight = model.embedding().weight(); // (V, E)
        int dim = pretrained.dimension();
        float[] source = pretrained.weights();
        for (int row = 0; row < pretrained.vocabularySize(); row++) {
            if (row == Vocabulary.PAD_ID || !pretrained.found()[row]) {
                continue;
            }
            for (int j = 0; j < dim; j++) {
                weight.setFlat(row * dim + j, source[row * dim + j]);
            }
        }
    }
}
