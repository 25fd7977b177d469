package dev.rnn4j.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.metrics.translation.Bleu;
import dev.rnn4j.models.seq2seq.AttentionScore;
import dev.rnn4j.models.seq2seq.DecoderStyle;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.models.seq2seq.TeacherForced;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.schedule.ReduceLROnPlateau;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.bpe.BpeLearner;
import dev.rnn4j.train.BatchSource;
import dev.rnn4j.train.Callback;
import dev.rnn4j.train.Checkpoints;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.StepResult;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link TranslationModel} on a parallel corpus with the {@link Trainer}: learns the BPE model(s)
 * (or, with word-level options, the word vocabularies) on the training pairs, skips pairs over the maximum
 * length, and trains the attention encoder-decoder on length-bucketed batches under a token budget with
 * teacher forcing, embedding dropout, label-smoothed cross entropy, gradient-norm clipping and Adam. Each epoch
 * is validated on the dev pairs: {@code val_loss} (mean cross entropy per target token, no smoothing),
 * {@code val_ppl} and, when monitored, {@code val_bleu}
 * (sacreBLEU of greedy translations of every dev sentence). The monitored metric drives the learning-rate
 * decay (ReduceLROnPlateau, patience 0), early stopping and the choice of the best epoch, whose weights the
 * model keeps.
 *
 * <p>Progress: besides the trainer's epoch lines, every {@value #LOG_EVERY} steps a line with the loss, target
 * tokens per second and the ETA (the sooner of the last epoch and the time budget).
 *
 * <p>The run folder gets the trainer's checkpoints (each epoch and every {@value #CHECKPOINT_EVERY} steps);
 * {@code resume} continues from the latest one and, within the time budget, ends with the same bytes as an
 * uninterrupted run (the BPE models are learned again, deterministically).
 */
public final class TranslationTraining {

    static final int LOG_EVERY = 25;
    static final long CHECKPOINT_EVERY = 500;
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private TranslationTraining() {
    }

    /**
     * Where a training run writes and reports.
     *
     * @param dir    the trainer's run folder (checkpoints, metrics.jsonl), or null for none
     * @param resume continue from the latest checkpoint in {@code dir}
     * @param quiet  no progress bar
     * @param log    progress and summaries, or null for none
     */
    public record Run(Path dir, boolean resume, boolean quiet, PrintStream log) {
        public Run {
            if (resume && dir == null) {
                throw new IllegalArgumentException("resume: needs the run folder to resume from");
            }
        }
    }

    /**
     * Trains a model.
     *
     * @param train the training pairs
     * @param dev   the validation pairs (at least one)
     * @throws IllegalArgumentException if no training pair fits the maximum length, or an argument is null
     */
    public static TranslationModel train(ParallelCorpus train, ParallelCorpus dev, TranslationOptions o, Run run)
            throws IOException {
        if (train == null || dev == null || o == null || run == null) {
            throw new IllegalArgumentException("train, dev, options, run: expected non-null arguments");
        }
        PrintStream log = run.log() == null ? NOWHERE : run.log();
        long started = System.nanoTime();
        TranslationTokens tokenization = o.words() ? WordVocabularies.learn(train, o.maxVocab(), o.minCount())
                : SubwordModels.learn(train, BpeLearner.builder().merges(o.merges()).build(), o.jointBpe());
        SubwordVocabulary src = tokenization.sourceVocabulary();
        SubwordVocabulary trg = tokenization.targetVocabulary();
        PairEncoder encoder = new PairEncoder(src, trg, o.maxTokens());
        EncodedCorpus trainPairs = encoder.encodeTraining(train);
        EncodedCorpus devPairs = encoder.encodeTraining(dev);
        if (trainPairs.pairs().isEmpty()) {
            throw new IllegalArgumentException(train.sourceFile() + ": no training pair has at most " + o.maxTokens()
                    + " " + src.unit() + " per side");
        }
        if (tokenization instanceof SubwordModels bpe) {
            log.printf(Locale.ROOT, "subwords: %s BPE, %d merges, vocabularies %d / %d (%.1f s)%n",
                    bpe.joint() ? "joint" : "per-language", o.merges(), src.size(), trg.size(),
                    (System.nanoTime() - started) / 1e9);
        } else {
            log.printf(Locale.ROOT, "words: vocabularies %d / %d (seen at least %d times%s), unknown %.2f %% / %.2f %%"
                            + " of the training words (%.1f s)%n", src.size(), trg.size(), o.minCount(),
                    o.maxVocab() == 0 ? "" : ", at most " + o.maxVocab(), 100 * unknownShare(trainPairs, true),
                    100 * unknownShare(trainPairs, false), (System.nanoTime() - started) / 1e9);
        }
        log.println("train: " + train.summary() + "; " + trainPairs.summary());
        log.println("dev: " + dev.summary() + "; " + devPairs.summary());

        Rng rng = new Rng(o.seed());
        Seq2SeqConfig config = new Seq2SeqConfig(src.size(), trg.size(), o.embeddingDim(), o.encoderHidden(),
                o.decoderHidden(), 1, o.cell(), o.cell(), DecoderStyle.BAHDANAU,
                AttentionScore.ADDITIVE, false, o.dropout(), SubwordVocabulary.PAD_ID,
                SubwordVocabulary.SOS_ID, SubwordVocabulary.EOS_ID);
        Seq2Seq network = new Seq2Seq(config, rng);
        PairBatcher batcher = PairBatcher.byTokens(o.tokenBudget(), o.seed());
        List<EncodedPair> pairs = trainPairs.pairs();
        int perEpoch = batcher.batches(pairs, 0).size();
        BatchSource<PairBatch> source = new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
                return perEpoch;
            }

            @Override
            public Iterator<PairBatch> batches(int epoch, Rng unused) {
                // the batcher shuffles with its own seed and the epoch, so the order depends on them only
                List<PairBatch> batches = batcher.batches(pairs, epoch);
                if (batches.size() != perEpoch) {
                    throw new IllegalStateException("epoch " + epoch + " has " + batches.size() + " batches, epoch 0 had "
                            + perEpoch);
                }
                return batches.iterator();
            }
        };
        List<PairBatch> devBatches = batcher.evaluationBatches(devPairs.pairs());
        List<String> devSources = new ArrayList<>();
        List<String> devReferences = new ArrayList<>();
        for (SentencePair p : dev.pairs()) {
            devSources.add(p.source());
            devReferences.add(p.target());
        }
        long[] tokens = {0};
        Adam adam = new Adam(network.parameters(), o.learningRate());
        Trainer.Builder<Seq2Seq, PairBatch> builder = Trainer.builder(network, adam, source, (m, b) -> {
            TeacherForced out = m.forward(b.source(), b.sourceLengths(), b.target());
            tokens[0] += b.targetTokens();
            return StepResult.of(m.loss(out, b.target(), o.labelSmoothing()), b.rows());
        });
        String monitor = o.monitorBleu() ? "val_bleu" : "val_loss";
        Mode mode = o.monitorBleu() ? Mode.MAX : Mode.MIN;
        builder.epochs(o.maxEpochs()).seed(o.seed()).registerRng("dropout", rng).clipGradNorm(o.clipNorm())
                .evaluator(m -> validate(m, tokenization, o, devBatches, devSources, devReferences))
                .earlyStopping(monitor, mode, o.patience()).restoreBestWeights(true).quiet(run.quiet())
                .output(log).checkpointEvery(CHECKPOINT_EVERY)
                .callback(new ProgressLine(log, perEpoch, o.maxEpochs(), o.maxMinutes(), tokens));
        if (o.lrDecay() < 1) {
            builder.schedule(new ReduceLROnPlateau(adam, o.monitorBleu() ? ReduceLROnPlateau.Mode.MAX
                    : ReduceLROnPlateau.Mode.MIN, o.lrDecay(), 0, 1e-4, ReduceLROnPlateau.ThresholdMode.REL, 0, 0.0,
                    1e-8), monitor);
        }
        if (run.quiet()) {
            builder.progressBar(false);
        }
        if (run.dir() != null) {
            builder.outputDir(run.dir()).resume(run.resume() && Files.exists(run.dir().resolve(Checkpoints.LATEST)));
        }
        TrainResult result = builder.build().fit();
        network.eval();
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("train_pairs", trainPairs.pairs().size()).put("train_pairs_too_long", trainPairs.tooLongLines().size())
                .put("dev_pairs", dev.size());
        if (o.words()) {
            info.put("tokens", tokenization.unit()).put("max_vocab", o.maxVocab()).put("min_count", o.minCount());
        } else {
            info.put("merges", o.merges()).put("joint_bpe", o.jointBpe());
        }
        info.put("label_smoothing", o.labelSmoothing()).put("token_budget", o.tokenBudget())
                .put("lr", o.learningRate()).put("lr_decay", o.lrDecay()).put("clip_norm", o.clipNorm())
                .put("max_epochs", o.maxEpochs()).put("patience", o.patience()).put("max_minutes", o.maxMinutes())
                .put("seed", o.seed()).put("monitor", monitor).put("epochs", result.epochsCompleted())
                .put("best_epoch", result.bestEpoch()).put("stopped_by", result.stopReason());
        if (result.bestValue() != null) {
            info.put("best_" + monitor, result.bestValue());
        }
        return new TranslationModel(network, tokenization, o.maxTokens(), info);
    }

    /** The share of {@code <unk>} among the source (or target) ids of encoded pairs. */
    private static double unknownShare(EncodedCorpus corpus, boolean source) {
        long unknown = 0;
        long all = 0;
        for (EncodedPair pair : corpus.pairs()) {
            int[] ids = source ? pair.source() : pair.target();
            all += ids.length;
            for (int id : ids) {
                unknown += id == SubwordVocabulary.UNK_ID ? 1 : 0;
            }
        }
        return all == 0 ? 0 : (double) unknown / all;
    }

    /** Dev loss and perplexity (teacher forced, no smoothing) and, when monitored, greedy dev BLEU. */
    private static Map<String, Double> validate(Seq2Seq m, TranslationTokens tokenization, TranslationOptions o,
                                                List<PairBatch> devBatches, List<String> devSources,
                                                List<String> devReferences) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double sum = 0;
        long count = 0;
        for (PairBatch b : devBatches) {
            sum += summedNll(m, b);
            count += b.targetTokens();
        }
        double loss = count == 0 ? Double.NaN : sum / count;
        metrics.put("loss", loss);
        metrics.put("ppl", Math.exp(loss));
        if (o.monitorBleu()) {
            Translator greedy = Translator.of(new TranslationModel(m, tokenization, o.maxTokens(), null))
                    .withSearch(1, 1).withLongSentences(LongSentencePolicy.TRUNCATE);
            List<String> hypotheses = new ArrayList<>(devSources.size());
            for (Translation t : greedy.predictBatch(devSources)) {
                hypotheses.add(t.text());
            }
            metrics.put("bleu", Bleu.sacreBleuDefault().corpusScore(hypotheses, List.of(devReferences)).score());
        }
        return metrics;
    }

    /**
     * The summed cross entropy (nats, no smoothing) of a batch's targets after {@code <sos>}, padding excluded.
     * Call without autograd.
     */
    static double summedNll(Seq2Seq m, PairBatch b) {
        TeacherForced out = m.forward(b.source(), b.sourceLengths(), b.target());
        int[] next = Arrays.copyOfRange(b.target(), b.rows(), b.target().length); // trg[1:], (T-1, B)
        Tensor nll = Losses.crossEntropy(out.logits().reshape(-1, m.config().trgVocab()), next, null,
                SubwordVocabulary.PAD_ID, 0.0, Reduction.SUM);
        return nll.getFlat(0);
    }

    /**
     * Prints the loss, target tokens per second and the ETA every {@value #LOG_EVERY} steps, and stops
     * training when the time budget is spent.
     */
    private static final class ProgressLine implements Callback {
        private final PrintStream log;
        private final int perEpoch;
        private final int maxEpochs;
        private final double budgetSeconds;
        private final long[] tokens;
        private final long start = System.nanoTime();
        private long firstStep = -1;
        private double lossSum;
        private int lossCount;

        ProgressLine(PrintStream log, int perEpoch, int maxEpochs, double maxMinutes, long[] tokens) {
            this.log = log;
            this.perEpoch = perEpoch;
            this.maxEpochs = maxEpochs;
            this.budgetSeconds = maxMinutes * 60;
            this.tokens = tokens;
        }

        @Override
        public void onStep(Trainer<?, ?> trainer, StepInfo step) {
            if (firstStep < 0) {
                firstStep = step.step() - 1;
            }
            if (Double.isFinite(step.loss())) {
                lossSum += step.loss();
                lossCount++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (budgetSeconds > 0 && elapsed > budgetSeconds) {
                trainer.requestStop(String.format(Locale.ROOT, "time budget of %.0f minutes spent",
                        budgetSeconds / 60));
            }
            if (step.step() % LOG_EVERY != 0) {
                return;
            }
            double stepsPerSecond = (step.step() - firstStep) / elapsed;
            double remaining = ((long) maxEpochs * perEpoch - step.step()) / stepsPerSecond;
            String limit = "";
            if (budgetSeconds > 0 && budgetSeconds - elapsed < remaining) {
                remaining = Math.max(0, budgetSeconds - elapsed);
                limit = " (time budget)";
            }
            log.printf(Locale.ROOT, "epoch %d step %d/%d: loss %.3f, %,.0f target tokens/s, ETA %s%s%n", step.epoch(),
                    step.batch(), perEpoch, lossSum / Math.max(1, lossCount), tokens[0] / elapsed,
                    clock(remaining), limit);
            lossSum = 0;
            lossCount = 0;
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
    }
}
