package dev.rnn4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.optim.SGD;
import dev.rnn4j.optim.schedule.CosineAnnealingLR;
import dev.rnn4j.optim.schedule.StepLR;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @TempDir
    Path tmp;

    @Test
    void trainingReducesTheLossAndReportsValidation() throws Exception {
        ToyTask task = new ToyTask(1);
        TrainResult r = task.builder(8).epochs(6).build().fit();
        assertEquals(6, r.epochsCompleted());
        assertEquals(6 * 8, r.steps());
        double first = r.history().get(0).get("loss");
        double last = r.lastEpoch().get("loss");
        assertTrue(last < 0.8 * first, "loss went from " + first + " to " + last);
        assertTrue(r.lastEpoch().containsKey("val_accuracy"));
        assertTrue(r.lastEpoch().containsKey("val_loss"));
        assertTrue(r.lastEpoch().get("accuracy") > 0.6, "train accuracy " + r.lastEpoch().get("accuracy"));
        assertTrue(task.model.isTraining(), "the model is back in training mode after validation");
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() throws Exception {
        ToyTask task = new ToyTask(2);
        List<Double> scores = List.of(0.5, 0.7, 0.6, 0.69, 0.7, 0.9, 0.95);
        int[] epoch = {0};
        TrainResult r = Trainer.builder(task.model, task.optimizer, task.source(16), ToyTask::step)
                .evaluator(m -> Map.of("score", scores.get(epoch[0]++)))
                .earlyStopping("val_score", Mode.MAX, 3)
                .epochs(7).quiet(true).progressBar(false).output(ToyTask.SILENT)
                .build().fit();
        // best 0.7 at epoch 2; epochs 3, 4, 5 do not beat it (0.7 is not > 0.7) → stop after epoch 5
        assertTrue(r.stoppedEarly());
        assertEquals(5, r.epochsCompleted());
        assertEquals(0.7, r.bestValue());
        assertEquals(2, r.bestEpoch());
        assertTrue(r.stopReason().contains("val_score did not improve for 3 epochs"), r.stopReason());
    }

    @Test
    void resumingAnEarlyStoppedRunDoesNoMoreTraining() throws Exception {
        Path out = tmp.resolve("stopped");
        ToyTask first = new ToyTask(2);
        TrainResult r = first.builder(16).outputDir(out).epochs(6)
                .evaluator(m -> Map.of("score", 1.0)).earlyStopping("val_score", Mode.MAX, 1).build().fit();
        assertTrue(r.stoppedEarly());
        assertEquals(2, r.epochsCompleted());
        ToyTask again = new ToyTask(2);
        TrainResult resumed = again.builder(16).outputDir(out).epochs(10)
                .evaluator(m -> Map.of("score", 1.0)).earlyStopping("val_score", Mode.MAX, 1).resume(true).build().fit();
        assertTrue(resumed.stoppedEarly());
        assertEquals(r.steps(), resumed.steps());
        assertEquals(r.stopReason(), resumed.stopReason());
        ToyTask.assertBitIdentical(ToyTask.weights(first.model), ToyTask.weights(again.model));
    }

    @Test
    void monitoringAnUnknownMetricNamesTheMetricsThereAre() {
        ToyTask task = new ToyTask(2);
        Trainer<SequenceClassifier, ToyTask.Batch> trainer = task.builder(32).epochs(2)
                .earlyStopping("val_f1", Mode.MAX, 2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, trainer::fit);
        assertTrue(e.getMessage().contains("'val_f1'") && e.getMessage().contains("val_accuracy"), e.getMessage());
    }

    @Test
    void theScheduleSetsTheOptimizersLearningRateEveryStep() throws Exception {
        ToyTask task = new ToyTask(3);
        List<Double> seen = new ArrayList<>();
        List<Double> optimizerRates = new ArrayList<>();
        // step 0 of the optimiser's rate is read inside the step function, i.e. the rate in use
        Trainer<SequenceClassifier, ToyTask.Batch> trainer = Trainer.builder(task.model, task.optimizer,
                        task.source(16), (SequenceClassifier m, ToyTask.Batch b) -> {
                            optimizerRates.add(task.optimizer.learningRate());
                            return ToyTask.step(m, b);
                        })
                .schedule(new StepLR(task.optimizer, 1, 0.5)).warmup(3)
                .callback(new Callback() {
                    @Override
                    public void onStep(Trainer<?, ?> t, StepInfo s) {
                        seen.add(s.learningRate());
                    }
                })
                .epochs(2).quiet(true).progressBar(false).output(ToyTask.SILENT).build();
        trainer.fit();
        double base = 0.01;
        // 4 batches per epoch; warm-up (s+1)/3 for s < 2; epoch 1 halves the rate
        double[] expected = {base / 3, base * 2 / 3, base, base, base / 2, base / 2, base / 2, base / 2};
        assertEquals(expected.length, seen.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], seen.get(i), 0.0, "step " + i);
            assertEquals(expected[i], optimizerRates.get(i), 0.0, "optimizer rate at step " + i);
        }
    }

    @Test
    void clippingByNormLimitsTheUpdateToMaxNorm() throws Exception {
        ToyTask task = new ToyTask(4);
        SGD sgd = new SGD(task.model.parameters(), 1.0);
        Map<String, float[]> before = ToyTask.weights(task.model);
        double[] gradNorm = {0};
        Trainer.builder(task.model, sgd, oneBatch(task), ToyTask::step)
                .clipGradNorm(0.01)
                .callback(new Callback() {
                    @Override
                    public void onStep(Trainer<?, ?> t, StepInfo s) {
                        gradNorm[0] = s.metrics().get("grad_norm");
                    }
                })
                .epochs(1).quiet(true).progressBar(false).output(ToyTask.SILENT).build().fit();
        Map<String, float[]> after = ToyTask.weights(task.model);
        double sq = 0;
        for (String k : before.keySet()) {
            for (int i = 0; i < before.get(k).length; i++) {
                double d = (double) after.get(k)[i] - before.get(k)[i];
                sq += d * d;
            }
        }
        assertTrue(gradNorm[0] > 0.1, "the unclipped gradient norm should be well above 0.01, was " + gradNorm[0]);
        assertEquals(0.01, Math.sqrt(sq), 1e-5, "SGD with lr 1 moves the weights by the clipped gradient");
    }

    @Test
    void clippingByValueClampsEveryGradientElement() throws Exception {
        ToyTask task = new ToyTask(4);
        SGD sgd = new SGD(task.model.parameters(), 1.0);
        Map<String, float[]> before = ToyTask.weights(task.model);
        Trainer.builder(task.model, sgd, oneBatch(task), ToyTask::step)
                .clipGradValue(1e-3)
                .epochs(1).quiet(true).progressBar(false).output(ToyTask.SILENT).build().fit();
        Map<String, float[]> after = ToyTask.weights(task.model);
        double largest = 0;
        for (String k : before.keySet()) {
            for (int i = 0; i < before.get(k).length; i++) {
                largest = Math.max(largest, Math.abs((double) after.get(k)[i] - before.get(k)[i]));
            }
        }
        // some gradient element exceeds 1e-3, so the largest move is the clip value (up to float rounding)
        assertEquals(1e-3, largest, 1e-6);
    }

    private static BatchSource<ToyTask.Batch> oneBatch(ToyTask task) {
        return BatchSource.ofIndices(16, 16, false, false, task::batchOf);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() throws Exception {
        Map<String, float[]> a = runWithSeed(11);
        Map<String, float[]> b = runWithSeed(11);
        Map<String, float[]> c = runWithSeed(12);
        ToyTask.assertBitIdentical(a, b);
        assertFalse(ToyTask.bitIdentical(a, c), "a different seed must change the result");
    }

    private static Map<String, float[]> runWithSeed(long seed) throws Exception {
        ToyTask task = new ToyTask(seed);
        task.builder(8).seed(seed).epochs(2).clipGradNorm(1.0)
                .schedule(new CosineAnnealingLR(task.optimizer, 2, 1e-4)).warmup(4).build().fit();
        return ToyTask.weights(task.model);
    }

    @Test
    void twoEpochsPlusResumedTwoEqualFourStraightBitForBit() throws Exception {
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        ToyTask a = new ToyTask(5);
        TrainResult full = configured(a, straight, 4).build().fit();

        ToyTask b1 = new ToyTask(5);
        configured(b1, split, 2).build().fit();
        ToyTask b2 = new ToyTask(5); // a fresh process: new model, new generator
        TrainResult resumed = configured(b2, split, 4).resume(true).build().fit();

        ToyTask.assertBitIdentical(ToyTask.weights(a.model), ToyTask.weights(b2.model));
        ToyTask.assertBitIdentical(ToyTask.weights(straight.resolve(Trainer.MODEL_FILE)),
                ToyTask.weights(split.resolve(Trainer.MODEL_FILE)));
        assertEquals(full.history(), resumed.history(), "epoch metrics, including validation, match too");
        assertEquals(epochLosses(straight), epochLosses(split), "the metric logs agree epoch by epoch");
    }

    @Test
    void resumingFromAMidEpochCheckpointIsBitIdenticalToo() throws Exception {
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        ToyTask a = new ToyTask(6);
        configured(a, straight, 3).build().fit();

        ToyTask b1 = new ToyTask(6);
        TrainResult stopped = configured(b1, split, 3).callback(new Callback() {
            @Override
            public void onStep(Trainer<?, ?> t, StepInfo s) {
                if (s.step() == 11) {
                    t.requestStop("test stop at step 11");
                }
            }
        }).build().fit();
        assertEquals(11, stopped.steps());
        assertEquals(Checkpoints.folderName(11), Checkpoints.latest(split).getFileName().toString());
        ToyTask b2 = new ToyTask(6);
        configured(b2, split, 3).resume(true).build().fit();
        ToyTask.assertBitIdentical(ToyTask.weights(a.model), ToyTask.weights(b2.model));
        assertEquals(epochLosses(straight), epochLosses(split));
    }

    /** Dropout, a schedule with warm-up, norm clipping and mid-epoch checkpoints: everything resume must carry. */
    static Trainer.Builder<SequenceClassifier, ToyTask.Batch> configured(ToyTask task, Path out, int epochs) {
        return task.builder(8).outputDir(out).epochs(epochs).seed(99).checkpointEvery(3).logEvery(2)
                .clipGradNorm(0.5).schedule(new CosineAnnealingLR(task.optimizer, 4, 1e-4)).warmup(5)
                .monitor("val_loss", Mode.MIN);
    }

    static List<String> epochLosses(Path out) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(Trainer.METRICS_FILE))) {
            JsonNode n = mapper.readTree(line);
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("seq_per_s");
            rows.add(n.toString());
        }
        return rows;
    }

    @Test
    void quietModePrintsOneLinePerEpoch() throws Exception {
        ToyTask task = new ToyTask(7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        task.builder(8).epochs(2).output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build().fit();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        for (int i = 0; i < 2; i++) {
            assertTrue(lines[i].matches("epoch " + (i + 1) + ": loss [0-9.]+, accuracy [0-9.]+, val_loss [0-9.]+, "
                    + "val_accuracy [0-9.]+ \\([0-9,.]+ seq/s\\)"), lines[i]);
        }
    }

    @Test
    void numbersInTheEpochLineAreShort() {
        assertEquals("0.41", Progress.number(0.41));
        assertEquals("0.4123", Progress.number(0.412345));
        assertEquals("12.35", Progress.number(12.3456));
        assertEquals("2,310", Progress.number(2310.4));
        assertEquals("2,310", Progress.rate(2310.2));
        assertEquals("NaN", Progress.number(Double.NaN));
    }

    @Test
    void theOutputFolderGetsTheFinalModelTheLogAndPointers() throws Exception {
        Path out = tmp.resolve("run");
        ToyTask task = new ToyTask(8);
        TrainResult r = task.builder(16).outputDir(out).epochs(3).logEvery(2)
                .earlyStopping("val_accuracy", Mode.MAX, 5).restoreBestWeights(true).build().fit();
        assertTrue(Files.isRegularFile(out.resolve(Trainer.MODEL_FILE)));
        JsonNode modelJson = new ObjectMapper().readTree(out.resolve(Trainer.MODEL_JSON).toFile());
        assertEquals(16, modelJson.path("model").path("hiddenSize").asInt());
        assertEquals("best", modelJson.path("training").path("weights").asText());
        assertEquals(Checkpoints.best(out).orElseThrow(), r.bestCheckpoint());
        assertEquals(Checkpoints.folderName(12), Checkpoints.latest(out).getFileName().toString());
        // the final weights are the best checkpoint's
        ToyTask.assertBitIdentical(ToyTask.weights(r.bestCheckpoint().resolve(Checkpoints.WEIGHTS_FILE)),
                ToyTask.weights(out.resolve(Trainer.MODEL_FILE)));
        // a config round trip gives back the application's record
        SequenceClassifier.Config config = new ObjectMapper().treeToValue(Checkpoints.modelConfig(out),
                SequenceClassifier.Config.class);
        assertEquals(task.config, config);
        // 12 steps, a step entry every 2 and an epoch entry every 4
        List<String> log = Files.readAllLines(out.resolve(Trainer.METRICS_FILE));
        assertEquals(6 + 3, log.size());
        JsonNode epoch = new ObjectMapper().readTree(log.get(2));
        assertEquals("epoch", epoch.path("type").asText());
        assertEquals(4, epoch.path("step").asInt());
        assertNotNull(epoch.get("val_accuracy"));
        // loading the final weights into a fresh model works
        ToyTask fresh = new ToyTask(123);
        Checkpoints.loadWeights(out, fresh.model);
        ToyTask.assertBitIdentical(ToyTask.weights(task.model), ToyTask.weights(fresh.model));
    }

    @Test
    void aFreshRunRefusesAFolderThatHoldsARun() throws Exception {
        Path out = tmp.resolve("run");
        new ToyTask(9).builder(32).outputDir(out).epochs(1).build().fit();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ToyTask(9).builder(32).outputDir(out).epochs(1).build().fit());
        assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void keepsOnlyTheNewestCheckpointsAndTheBest() throws Exception {
        Path out = tmp.resolve("run");
        List<Double> scores = List.of(0.9, 0.1, 0.2, 0.3);
        int[] epoch = {0};
        ToyTask task = new ToyTask(10);
        Trainer.builder(task.model, task.optimizer, task.source(16), ToyTask::step)
                .evaluator(m -> Map.of("accuracy", scores.get(epoch[0]++)))
                .monitor("val_accuracy", Mode.MAX).outputDir(out).checkpointEvery(2).keepCheckpoints(2)
                .epochs(4).quiet(true).progressBar(false).output(ToyTask.SILENT).build().fit();
        List<String> names = new ArrayList<>();
        try (var s = Files.list(out.resolve(Checkpoints.CHECKPOINTS))) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        // best is epoch 1 (step 4); the newest two are steps 14 and 16
        assertEquals(List.of(Checkpoints.folderName(4), Checkpoints.folderName(14), Checkpoints.folderName(16)), names);
        assertEquals(Checkpoints.folderName(4), Checkpoints.best(out).orElseThrow().getFileName().toString());
    }

    @Test
    void theBatchSourceMustYieldTheBatchesItDeclares() {
        ToyTask task = new ToyTask(11);
        BatchSource<ToyTask.Batch> lying = new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
                return 5;
            }

            @Override
            public java.util.Iterator<ToyTask.Batch> batches(int epoch, dev.rnn4j.tensor.Rng rng) {
                return task.source(16).batches(epoch, rng);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.builder(task.model,
                task.optimizer, lying, ToyTask::step).quiet(true).progressBar(false).output(ToyTask.SILENT)
                .epochs(1).build().fit());
        assertTrue(e.getMessage().contains("declared 5 batches") && e.getMessage().contains("only 4"), e.getMessage());
    }

    @Test
    void batchesDependOnlyOnSeedAndEpoch() {
        ToyTask task = new ToyTask(12);
        BatchSource<ToyTask.Batch> source = task.source(8);
        int[] first = source.batches(3, Trainer.epochRng(5, 3)).next().ids();
        int[] again = source.batches(3, Trainer.epochRng(5, 3)).next().ids();
        int[] otherEpoch = source.batches(4, Trainer.epochRng(5, 4)).next().ids();
        assertTrue(java.util.Arrays.equals(first, again));
        assertFalse(java.util.Arrays.equals(first, otherEpoch));
    }

    @Test
    void builderRejectsContradictorySettings() {
        ToyTask task = new ToyTask(13);
        IllegalArgumentException resume = assertThrows(IllegalArgumentException.class,
                () -> task.builder(8).resume(true).build());
        assertTrue(resume.getMessage().contains("--out"), resume.getMessage());
        assertThrows(IllegalArgumentException.class, () -> task.builder(8).epochs(0));
        assertThrows(IllegalArgumentException.class, () -> task.builder(8).clipGradNorm(-1));
        assertThrows(IllegalArgumentException.class, () -> task.builder(8).restoreBestWeights(true).build());
        assertThrows(IllegalArgumentException.class, () -> StepResult.of(Tensor.scalar(1f), 0));
    }
}
