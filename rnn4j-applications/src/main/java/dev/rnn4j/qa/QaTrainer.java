package dev.rnn4j.qa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.BatchSource;
import dev.rnn4j.train.Callback;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.StepResult;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link QuestionAnswerer} with the {@link Trainer}: shuffled batches of questions with stories of
 * similar length ({@link LengthBuckets}), cross entropy over the answer classes, Adam (with L2 weight decay for
 * DMN+) and gradient-norm clipping, the validation accuracy ({@code val_accuracy}, in percent over all
 * validation questions) at every epoch's end, the best epoch's
 * weights kept, optional early stopping on it, and a line of progress every {@value #PROGRESS_SECONDS} seconds
 * with questions per second and the time left. While the best validation accuracy is below
 * {@link QaTraining#restartBelow()}, training restarts from the next seed, at most {@link QaTraining#restarts()}
 * times, and the run with the best validation accuracy is kept (as the DMN+ and End-to-End Memory Network papers
 * report the best of several runs); each run's seed and validation accuracy go to the log and the training summary.
 */
final class QaTrainer {

    /** Seconds between two progress lines. */
    static final double PROGRESS_SECONDS = 30;

    private static final PrintStream NULL_STREAM = new PrintStream(OutputStream.nullOutputStream());

    private QaTrainer() {
    }

    static QuestionAnswerer train(QaVocabulary vocabulary, List<QaExample> train, List<QaExample> validation,
                                  QaConfig config, QaTraining o) throws IOException {
        if (vocabulary == null || train == null || validation == null || config == null || o == null) {
            throw new IllegalArgumentException("vocabulary, train, validation, config, training: expected non-null"
                    + " arguments");
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("train, validation: expected questions in both, got " + train.size()
                    + " and " + validation.size());
        }
        if (config.words() != vocabulary.wordCount() || config.answers() != vocabulary.answerCount()) {
            throw new IllegalArgumentException("config: expected " + vocabulary.wordCount() + " words and "
                    + vocabulary.answerCount() + " answers (the vocabulary's), got " + config.words() + " and "
                    + config.answers());
        }
        List<EncodedQuestion> trainSet = train.stream().map(e -> EncodedQuestion.of(vocabulary, e, config.maxFacts()))
                .toList();
        for (int i = 0; i < trainSet.size(); i++) {
            if (trainSet.get(i).answer() < 0) {
                throw new IllegalArgumentException("train[" + i + "]: answer '" + train.get(i).answer() + "' is not"
                        + " one of the vocabulary's answers");
            }
        }
        List<EncodedQuestion> validSet = validation.stream()
                .map(e -> EncodedQuestion.of(vocabulary, e, config.maxFacts())).toList();
        PrintStream log = o.log() != null ? o.log() : NULL_STREAM;

        long start = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        Run best = null;
        for (int r = 0; r <= o.restarts(); r++) {
            double secondsLeft = 0;
            if (o.maxSeconds() > 0) {
                secondsLeft = o.maxSeconds() - (System.nanoTime() - start) / 1e9;
                if (secondsLeft <= 0) {
                    log.printf(Locale.ROOT, "no restart: the time budget of %.0f s is spent%n", o.maxSeconds());
                    break;
                }
            }
            Run run = trainOnce(trainSet, validSet, config, o.run(r, secondsLeft), log);
            runs.add(run);
            if (best == null || run.validationAccuracy() > best.validationAccuracy()) {
                best = run;
            }
            if (o.restarts() > 0) {
                log.printf(Locale.ROOT, "run %d of up to %d (seed %d): validation accuracy %.2f %% (epoch %d), best"
                                + " so far %.2f %% (seed %d)%n", r + 1, o.restarts() + 1, run.seed(),
                        run.validationAccuracy(), run.result().bestEpoch(), best.validationAccuracy(), best.seed());
            }
            if (best.validationAccuracy() >= o.restartBelow()) {
                break;
            }
            if (r < o.restarts()) {
                log.printf(Locale.ROOT, "restart: best validation accuracy %.2f %% is below %.2f %%; next seed %d%n",
                        best.validationAccuracy(), o.restartBelow(), o.seed() + r + 1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        QaNetwork network = best.network();
        TrainResult result = best.result();
        network.eval();
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("seed", best.seed()).put("first_seed", o.seed()).put("restarts", runs.size() - 1)
                .put("max_restarts", o.restarts()).put("restart_below", o.restartBelow())
                .put("epochs", o.epochs()).put("patience", o.patience())
                .put("epochs_completed", result.epochsCompleted())
                .put("steps", result.steps()).put("best_epoch", result.bestEpoch())
                .put("best_validation_accuracy", best.validationAccuracy())
                .put("stopped_by", result.stopReason()).put("train_questions", train.size())
                .put("validation_questions", validation.size()).put("batch_size", o.batchSize()).put("lr", o.lr())
                .put("weight_decay", o.weightDecay()).put("clip_norm", o.clipNorm())
                .put("attention_loss", o.attentionLoss()).put("seconds", seconds);
        ArrayNode tasks = info.putArray("tasks");
        train.stream().mapToInt(QaExample::task).distinct().sorted().forEach(tasks::add);
        ArrayNode runRows = info.putArray("runs");
        for (Run run : runs) {
            runRows.addObject().put("seed", run.seed()).put("best_validation_accuracy", run.validationAccuracy())
                    .put("best_epoch", run.result().bestEpoch())
                    .put("epochs_completed", run.result().epochsCompleted()).put("seconds", run.seconds());
        }
        ArrayNode history = info.putArray("history");
        for (Map<String, Double> row : result.history()) {
            ObjectNode r = history.addObject();
            r.put("epoch", row.get("epoch").intValue()).put("loss", row.get("loss"));
            if (row.containsKey("val_accuracy")) {
                r.put("val_accuracy", row.get("val_accuracy"));
            }
        }
        log.printf(Locale.ROOT, "trained %d run(s) in %.1f s; kept seed %d: %d epoch(s), %,d steps, epoch %d"
                        + " (validation accuracy %.2f %%)%n", runs.size(), seconds, best.seed(),
                result.epochsCompleted(), result.steps(), result.bestEpoch(), best.validationAccuracy());
        return new QuestionAnswerer(vocabulary, network, info);
    }

    /** One training run's network (with its best epoch's weights), result, seed and seconds. */
    private record Run(QaNetwork network, TrainResult result, long seed, double seconds) {

        /** The best epoch's validation accuracy in percent (NaN-free: -1 when none was measured). */
        double validationAccuracy() {
            Double value = result.bestValue();
            return value == null || value.isNaN() ? -1 : value;
        }
    }

    /** Trains one network from {@code o.seed()} with the {@link Trainer}. */
    private static Run trainOnce(List<EncodedQuestion> trainSet, List<EncodedQuestion> validSet, QaConfig config,
                                 QaTraining o, PrintStream log) throws IOException {
        Rng rng = new Rng(o.seed());
        QaNetwork network = QaNetwork.of(config, rng);
        Adam adam = new Adam(network.parameters(), o.lr(), 0.9, 0.999, 1e-8, o.weightDecay(), false);
        BatchSource<QaBatch> batches = new LengthBuckets(trainSet, o.batchSize());
        long start = System.nanoTime();
        Trainer.Builder<QaNetwork, QaBatch> builder = Trainer.builder(network, adam, batches,
                        (n, batch) -> step(n, batch, o.attentionLoss()))
                .epochs(o.epochs()).seed(o.seed()).clipGradNorm(o.clipNorm()).registerRng("dropout", rng)
                .modelConfig(configJson(config, o)).output(log).quiet(o.quiet())
                .evaluator(m -> Map.of("accuracy", evaluate(m, validSet).overallAccuracy()))
                .restoreBestWeights(true);
        if (o.patience() > 0) {
            builder.earlyStopping("val_accuracy", Mode.MAX, o.patience());
        } else {
            builder.monitor("val_accuracy", Mode.MAX);
        }
        long totalSteps = (long) o.epochs() * batches.batchesPerEpoch();
        builder.callback(new Callback() {
            private long firstStep = -1;
            private double lastPrint;

            @Override
            public void onStep(Trainer<?, ?> trainer, StepInfo step) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (firstStep < 0) {
                    firstStep = step.step() - 1;
                    lastPrint = seconds;
                }
                if (o.maxSeconds() > 0 && seconds >= o.maxSeconds()) {
                    trainer.requestStop(String.format(Locale.ROOT, "time budget of %.0f s", o.maxSeconds()));
                }
                if (seconds - lastPrint >= PROGRESS_SECONDS) {
                    lastPrint = seconds;
                    double stepsPerSecond = (step.step() - firstStep) / seconds;
                    log.printf(Locale.ROOT, "epoch %d step %,d of %,d: loss %.4f, %,.0f questions/s, %.0f s left%n",
                            step.epoch(), step.step(), totalSteps, step.loss(), stepsPerSecond * o.batchSize(),
                            (totalSteps - step.step()) / stepsPerSecond);
                    log.flush();
                }
            }
        });
        if (o.quiet()) {
            builder.progressBar(false);
        }
        if (o.runDir() != null) {
            builder.outputDir(o.runDir()).resume(o.resume());
        }
        TrainResult result = builder.build().fit();
        network.eval();
        return new Run(network, result, o.seed(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * One batch: the mean cross entropy of its answers, plus {@code attentionLoss} times the
     * {@link SupportingFactLoss} (each hop's attention pushed onto its supporting fact, in reasoning order), and its
     * accuracy.
     */
    static StepResult step(QaNetwork network, QaBatch batch, double attentionLoss) {
        QaNetwork.Output out = network.forward(batch);
        Tensor logits = out.logits();                                           // (B, C)
        Tensor loss = Losses.crossEntropy(logits, batch.answers());
        if (attentionLoss > 0 && !out.attention().isEmpty()) {
            Tensor supervised = SupportingFactLoss.of(out.attention(), batch);
            if (supervised != null) {
                loss = Ops.add(loss, Ops.scale(supervised, attentionLoss));
            }
        }
        int[] predicted = QuestionAnswerer.argmax(logits);
        int correct = 0;
        for (int i = 0; i < batch.size(); i++) {
            correct += predicted[i] == batch.answers()[i] ? 1 : 0;
        }
        return StepResult.of(loss, batch.size(), Map.of("accuracy", 100.0 * correct / batch.size()));
    }

    private static QaEvaluation evaluate(QaNetwork network, List<EncodedQuestion> questions) {
        return QuestionAnswerer.evaluate(network, questions);
    }

    private static Map<String, Object> configJson(QaConfig c, QaTraining o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", QuestionAnswerer.TASK);
        m.put("model", c.model());
        m.put("words", c.words());
        m.put("answers", c.answers());
        m.put("embedding", c.embedding());
        m.put("hidden", c.hidden());
        m.put("hops", c.hops());
        m.put("dropout", c.dropout());
        m.put("max_facts", c.maxFacts());
        m.put("batch_size", o.batchSize());
        m.put("lr", o.lr());
        m.put("weight_decay", o.weightDecay());
        m.put("clip_norm", o.clipNorm());
        m.put("attention_loss", o.attentionLoss());
        return m;
    }
}
