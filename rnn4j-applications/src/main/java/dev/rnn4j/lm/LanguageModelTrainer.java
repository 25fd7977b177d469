package dev.rnn4j.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.schedule.ExponentialLR;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.train.Callback;
import dev.rnn4j.train.Mode;
import dev.rnn4j.train.TrainResult;
import dev.rnn4j.train.Trainer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link LanguageModel} with the {@link Trainer}: contiguous streams ({@link StreamBatches}), the
 * hidden state carried across windows ({@link StatefulTraining}), Adam with gradient-norm clipping and a
 * per-epoch decay, the validation text scored at every epoch's end ({@code val_loss} in nats per token, a
 * character or a subword; {@code val_bpc} in bits per character; {@code val_ppl} per token), the best epoch's weights kept, and a line of progress every
 * {@value #PROGRESS_SECONDS} seconds with tokens per second and the time left.
 */
final class LanguageModelTrainer {

    /** Seconds between two progress lines. */
    static final double PROGRESS_SECONDS = 30;

    private static final PrintStream NULL_STREAM = new PrintStream(OutputStream.nullOutputStream());

    private LanguageModelTrainer() {
    }

    static LanguageModel train(TokenVocabulary vocabulary, String trainText, String validationText,
                               LanguageModelConfig config, LanguageModelTraining o) throws IOException {
        if (vocabulary == null || trainText == null || validationText == null || config == null || o == null) {
            throw new IllegalArgumentException("vocabulary, texts, config, options: expected non-null arguments");
        }
        if (config.vocabulary() != vocabulary.size()) {
            throw new IllegalArgumentException("config: expected vocabulary size " + vocabulary.size()
                    + " (the vocabulary's), got " + config.vocabulary());
        }
        boolean subwords = vocabulary instanceof BpeVocabulary;
        String unit = subwords ? "subword tokens" : "characters";
        int[] trainIds = vocabulary.encode(trainText);
        if (trainIds.length < 2) {
            throw new IllegalArgumentException("training text: expected at least 2 " + unit + ", got "
                    + trainIds.length);
        }
        int[] validIds = vocabulary.encode(validationText);
        if (validIds.length < 2) {
            throw new IllegalArgumentException("validation text: expected at least 2 " + unit + " (one to read, one "
                    + "to predict), got " + validIds.length);
        }
        long unknown = java.util.Arrays.stream(validIds).filter(id -> id == TokenVocabulary.UNKNOWN).count();
        StreamBatches batches = new StreamBatches(trainIds, o.streams(), o.window(), o.randomWindow(), unit);
        PrintStream log = o.log() != null ? o.log() : NULL_STREAM;

        Rng rng = new Rng(o.seed());
        LanguageModelNetwork network = new LanguageModelNetwork(config, rng);
        StatefulTraining model = new StatefulTraining(network, o.streams());
        Adam adam = new Adam(network.parameters(), o.lr());
        long start = System.nanoTime();
        long totalSteps = (long) o.epochs() * batches.batchesPerEpoch();
        long tokensPerStep = (long) o.streams() * o.window();
        String[] budgetStop = {null};
        Callback progress = new Callback() {
            private long firstStep = -1;
            private double lastPrint;

            @Override
            public void onStep(Trainer<?, ?> trainer, StepInfo step) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (firstStep < 0) {
                    firstStep = step.step() - 1;
                    lastPrint = seconds;
                }
                if (o.maxSeconds() > 0 && seconds >= o.maxSeconds() && budgetStop[0] == null) {
                    budgetStop[0] = String.format(Locale.ROOT, "time budget of %.0f s", o.maxSeconds());
                    trainer.requestStop(budgetStop[0]);
                }
                if (seconds - lastPrint >= PROGRESS_SECONDS) {
                    lastPrint = seconds;
                    log.printf(Locale.ROOT, "epoch %d step %,d of %,d: loss %.4f, %s%n", step.epoch(), step.step(),
                            totalSteps, step.loss(), rateAndTimeLeft(step.step(), seconds));
                    log.flush();
                }
            }

            @Override
            public void onEpochEnd(Trainer<?, ?> trainer, EpochInfo epoch) {
                double seconds = (System.nanoTime() - start) / 1e9;
                log.printf(Locale.ROOT, "epoch %d of %d done at step %,d: %s%n", epoch.epoch(), o.epochs(),
                        epoch.step(), rateAndTimeLeft(epoch.step(), seconds));
                log.flush();
            }

            // characters per second of this process, and the time left to the last epoch or the time budget
            private String rateAndTimeLeft(long step, double seconds) {
                double stepsPerSecond = (step - firstStep) / seconds;
                double left = (totalSteps - step) / stepsPerSecond;
                if (o.maxSeconds() > 0) {
                    left = Math.min(left, Math.max(0, o.maxSeconds() - seconds));
                }
                return String.format(Locale.ROOT, "%,.0f tokens/s, %s left", stepsPerSecond * tokensPerStep,
                        duration(left));
            }
        };
        Trainer.Builder<StatefulTraining, StreamBatches.Window> builder = Trainer.builder(model, adam, batches,
                        StatefulTraining::step)
                .epochs(o.epochs()).seed(o.seed()).clipGradNorm(o.clipNorm()).registerRng("dropout", rng)
                .modelConfig(configJson(config, o, vocabulary)).output(log).logEvery(0).quiet(o.quiet())
                .evaluator(m -> {
                    Evaluation e = Scoring.score(m.network(), vocabulary, validIds, o.window(), unknown);
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("loss", e.loss());
                    metrics.put("bpc", e.bitsPerCharacter());
                    metrics.put("ppl", e.perplexity());
                    return metrics;
                })
                .restoreBestWeights(true)
                .callback(progress);
        if (o.patience() > 0) {
            builder.earlyStopping("val_loss", Mode.MIN, o.patience());
        } else {
            builder.monitor("val_loss", Mode.MIN);
        }
        if (o.lrDecay() < 1) {
            builder.schedule(new ExponentialLR(adam, o.lrDecay()));
        }
        if (o.quiet()) {
            builder.progressBar(false);
        }
        if (o.runDir() != null) {
            builder.outputDir(o.runDir()).resume(o.resume()).checkpointEvery(o.checkpointEvery());
        }
        TrainResult result = builder.build().fit();
        double seconds = (System.nanoTime() - start) / 1e9;
        network.eval();
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("seed", o.seed()).put("epochs", o.epochs()).put("epochs_completed", result.epochsCompleted())
                .put("steps", result.steps()).put("best_epoch", result.bestEpoch())
                .put("best_validation_loss", result.bestValue() == null ? Double.NaN : result.bestValue())
                .put("stopped_by", budgetStop[0] != null ? budgetStop[0] : result.stopReason())
                .put(subwords ? "train_tokens" : "train_characters", trainIds.length)
                .put(subwords ? "validation_tokens" : "validation_characters", validIds.length)
                .put("validation_unknown", unknown).put("streams", o.streams()).put("window", o.window())
                .put("random_window", o.randomWindow()).put("lr", o.lr()).put("lr_decay", o.lrDecay())
                .put("clip_norm", o.clipNorm());
        if (vocabulary instanceof BpeVocabulary bpe) {
            info.put("tokens", bpe.unit()).put("merges", bpe.merges());
        }
        ArrayNode history = info.putArray("history");
        for (Map<String, Double> row : result.history()) {
            ObjectNode r = history.addObject();
            r.put("epoch", row.get("epoch").intValue()).put("loss", row.get("loss"));
            if (row.containsKey("val_loss")) {
                r.put("val_loss", row.get("val_loss"));
            }
        }
        log.printf(Locale.ROOT, "trained %d epoch(s), %,d steps in %.1f s; kept epoch %d (validation loss %.4f)%n",
                result.epochsCompleted(), result.steps(), seconds, result.bestEpoch(),
                result.bestValue() == null ? Double.NaN : result.bestValue());
        return new LanguageModel(vocabulary, network, info);
    }

    private static Map<String, Object> configJson(LanguageModelConfig c, LanguageModelTraining o,
                                                  TokenVocabulary vocabulary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", LanguageModel.TASK);
        if (vocabulary instanceof BpeVocabulary bpe) {
            m.put("tokens", bpe.unit());
            m.put("merges", bpe.merges());
        }
        m.put("cell", c.cell());
        m.put("vocabulary", c.vocabulary());
        m.put("embedding", c.embedding());
        m.put("hidden", c.hidden());
        m.put("layers", c.layers());
        m.put("dropout", c.dropout());
        m.put("weight_dropout", c.weightDropout());
        m.put("embedding_dropout", c.embeddingDropout());
        m.put("tie_weights", c.tieWeights());
        m.put("streams", o.streams());
        m.put("window", o.window());
        m.put("random_window", o.randomWindow());
        m.put("lr", o.lr());
        m.put("lr_decay", o.lrDecay());
        m.put("clip_norm", o.clipNorm());
        return m;
    }

    /** 1h02m, 4m10s, 12s. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
