package dev.rnn4j.qa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
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
 * with questions per second and the time left.
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

        Rng rng = new Rng(o.seed());
        QaNetwork network = QaNetwork.of(config, rng);
        Adam adam = new Adam(network.parameters(), o.lr(), 0.9, 0.999, 1e-8, o.weightDecay(), false);
        BatchSource<QaBatch> batches = new LengthBuckets(trainSet, o.batchSize());
        long start = System.nanoTime();
        Trainer.Builder<QaNetwork, QaBatch> builder = Trainer.builder(network, adam, batches, QaTrainer::step)
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
        double seconds = (System.nanoTime() - start) / 1e9;
        network.eval();
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("seed", o.seed()).put("epochs", o.epochs()).put("epochs_completed", result.epochsCompleted())
                .put("steps", result.steps()).put("best_epoch", result.bestEpoch())
                .put("best_validation_accuracy", result.bestValue() == null ? Double.NaN : result.bestValue())
                .put("stopped_by", result.stopReason()).put("train_questions", train.size())
                .put("validation_questions", validation.size()).put("batch_size", o.batchSize()).put("lr", o.lr())
                .put("weight_decay", o.weightDecay()).put("clip_norm", o.clipNorm()).put("seconds", seconds);
        ArrayNode tasks = info.putArray("tasks");
        train.stream().mapToInt(QaExample::task).distinct().sorted().forEach(tasks::add);
        ArrayNode history = info.putArray("history");
        for (Map<String, Double> row : result.history()) {
            ObjectNode r = history.addObject();
            r.put("epoch", row.get("epoch").intValue()).put("loss", row.get("loss"));
            if (row.containsKey("val_accuracy")) {
                r.put("val_accuracy", row.get("val_accuracy"));
            }
        }
        log.printf(Locale.ROOT, "trained %d epoch(s), %,d steps in %.1f s; kept epoch %d (validation accuracy"
                        + " %.2f %%)%n", result.epochsCompleted(), result.steps(), seconds, result.bestEpoch(),
                result.bestValue() == null ? Double.NaN : result.bestValue());
        return new QuestionAnswerer(vocabulary, network, info);
    }

    /** One batch: the mean cross entropy of its answers, and its accuracy. */
    static StepResult step(QaNetwork network, QaBatch batch) {
        Tensor logits = network.forward(batch).logits();                        // (B, C)
        Tensor loss = Losses.crossEntropy(logits, batch.answers());
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
        return m;
    }
}
