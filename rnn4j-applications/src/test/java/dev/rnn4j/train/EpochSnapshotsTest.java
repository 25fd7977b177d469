package dev.rnn4j.train;

import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeping the best epoch and its neighbours, averaging them, and surviving a resume. */
class EpochSnapshotsTest {

    @TempDir
    Path tmp;

    private static Map<String, Tensor> parameters(float value) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("w", Tensor.of(new float[] {value, 2 * value, 3 * value}, 3));
        p.put("b", Tensor.of(new float[] {-value}, 1));
        return p;
    }

    @Test
    void keepsTheBestEpochItsNeighboursAndTheNewest() {
        EpochSnapshots s = new EpochSnapshots();
        s.record(1, 1, parameters(1));
        s.record(2, 2, parameters(2));
        s.record(3, 2, parameters(3));
        assertEquals(List.of(1, 2, 3), s.epochs());
        s.record(4, 2, parameters(4)); // 4 is the newest, kept though two away from the best
        assertEquals(List.of(1, 2, 3, 4), s.epochs());
        s.record(5, 2, parameters(5));
        assertEquals(List.of(1, 2, 3, 5), s.epochs());
        s.record(6, 6, parameters(6));
        assertEquals(List.of(5, 6), s.epochs());
        assertNull(s.get(2));
        assertArrayEquals(new float[] {6, 12, 18}, s.get(6).get("w").toFloatArray());
    }

    @Test
    void recordCopiesTheParameters() {
        EpochSnapshots s = new EpochSnapshots();
        Map<String, Tensor> live = parameters(1);
        s.record(1, 1, live);
        live.get("w").setFlat(0, 99);
        assertEquals(1f, s.get(1).get("w").getFlat(0));
    }

    @Test
    void theMeanIsHalfTheSumInSinglePrecision() {
        Map<String, Tensor> mean = EpochSnapshots.mean(parameters(1), parameters(0.1f));
        assertArrayEquals(new float[] {0.5f * (1 + 0.1f), 0.5f * (2 + 0.2f), 0.5f * (3 + 0.3f)},
                mean.get("w").toFloatArray());
        Map<String, Tensor> other = new LinkedHashMap<>(parameters(1));
        other.remove("b");
        assertThrows(IllegalArgumentException.class, () -> EpochSnapshots.mean(parameters(1), other));
    }

    @Test
    void aMeanIsKeptOnlyWhenStrictlyBetter() {
        ToyTask task = new ToyTask(3);
        SequenceClassifier model = task.model;
        EpochSnapshots s = new EpochSnapshots();
        Map<String, Tensor> e1 = copy(model.stateDict());
        Map<String, Tensor> e2 = scaled(e1, 0.5f);
        Map<String, Tensor> e3 = scaled(e1, 0.25f);
        s.record(1, 1, e1);
        s.record(2, 2, e2);
        s.record(3, 2, e3);
        model.loadStateDict(e2, true);
        // scores in the order asked: the best epoch, then the mean with epoch 3, then with epoch 1
        Deque<Double> scores = new ArrayDeque<>(List.of(0.8, 0.8, 0.9));
        EpochSnapshots.Averaging a = s.average(model, 2, Mode.MAX, m -> scores.removeFirst());
        assertEquals(List.of(new EpochSnapshots.Trial(3, 0.8), new EpochSnapshots.Trial(1, 0.9)), a.trials());
        assertEquals(1, a.keptOther());
        assertEquals(0.9, a.keptValue());
        assertEquals("epochs 2 and 1", a.kept());
        assertArrayEquals(EpochSnapshots.mean(e2, e1).get("fc.weight").toFloatArray(),
                model.stateDict().get("fc.weight").toFloatArray());

        // a tie keeps the best epoch; with MIN, lower is better
        model.loadStateDict(e2, true);
        Deque<Double> losses = new ArrayDeque<>(List.of(0.5, 0.5, 0.6));
        EpochSnapshots.Averaging b = s.average(model, 2, Mode.MIN, m -> losses.removeFirst());
        assertEquals(0, b.keptOther());
        assertEquals("epoch 2", b.kept());
        assertArrayEquals(e2.get("fc.weight").toFloatArray(), model.stateDict().get("fc.weight").toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> s.average(model, 7, Mode.MIN, m -> 0));
    }

    @Test
    void checkpointNamesRoundTrip() throws Exception {
        EpochSnapshots s = new EpochSnapshots();
        s.record(4, 4, parameters(4));
        s.record(5, 4, parameters(5));
        Map<String, Tensor> tensors = s.toTensors();
        assertTrue(tensors.containsKey("epoch-5/w"), tensors.keySet().toString());
        EpochSnapshots back = new EpochSnapshots();
        back.restore(tensors, "test");
        assertEquals(List.of(4, 5), back.epochs());
        assertArrayEquals(new float[] {-5}, back.get(5).get("b").toFloatArray());
        assertThrows(CheckpointException.class, () -> back.restore(Map.of("w", Tensor.of(new float[] {1}, 1)), "f"));
    }

    @Test
    void theBuilderRequiresWhatAveragingNeeds() {
        ToyTask task = new ToyTask(3);
        assertThrows(IllegalArgumentException.class, () -> task.builder(8).averageNeighbourEpochs(true)
                .monitor("val_accuracy", Mode.MAX).build());
        assertThrows(IllegalArgumentException.class, () -> task.builder(8).averageNeighbourEpochs(true)
                .monitor("loss", Mode.MIN).restoreBestWeights(true).build());
    }

    /** A run stopped after epoch 2 and resumed chooses, and saves, exactly as an uninterrupted one. */
    @Test
    void aResumedRunAveragesLikeAnUninterruptedOne() throws Exception {
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        ToyTask a = new ToyTask(11, 8, 0.05, 0.1);
        TrainResult full = averaging(a, straight).build().fit();
        assertNotNull(full.averaging());
        assertTrue(Files.exists(Checkpoints.latest(straight).resolve(Checkpoints.SNAPSHOTS_FILE)));

        // stopped right after the best epoch, so the best epoch's snapshot and its predecessor's
        // exist only in the checkpoint when the run resumes
        int stopAfter = Math.min(full.averaging().bestEpoch(), 5);
        ToyTask b1 = new ToyTask(11, 8, 0.05, 0.1);
        averaging(b1, split).callback(new Callback() {
            @Override
            public void onEpochEnd(Trainer<?, ?> t, EpochInfo epoch) {
                if (epoch.epoch() == stopAfter) {
                    t.requestStop("test stop after epoch " + stopAfter);
                }
            }
        }).build().fit();
        ToyTask b2 = new ToyTask(11, 8, 0.05, 0.1); // a fresh process: new model, nothing in memory
        TrainResult resumed = averaging(b2, split).resume(true).build().fit();

        assertEquals(full.averaging(), resumed.averaging());
        ToyTask.assertBitIdentical(ToyTask.weights(a.model), ToyTask.weights(b2.model));
        ToyTask.assertBitIdentical(ToyTask.weights(straight.resolve(Trainer.MODEL_FILE)),
                ToyTask.weights(split.resolve(Trainer.MODEL_FILE)));
    }

    /** A checkpoint taken inside the first epoch holds an empty snapshot file; resuming from it works. */
    @Test
    void aCheckpointBeforeTheFirstEpochEndResumesToo() throws Exception {
        Path straight = tmp.resolve("straight-early");
        Path split = tmp.resolve("split-early");
        ToyTask a = new ToyTask(12, 8, 0.05, 0.1);
        TrainResult full = averaging(a, straight).epochs(3).build().fit();
        ToyTask b1 = new ToyTask(12, 8, 0.05, 0.1);
        averaging(b1, split).epochs(3).checkpointEvery(3).callback(new Callback() {
            @Override
            public void onStep(Trainer<?, ?> t, StepInfo step) {
                if (step.step() == 3) {
                    t.requestStop("test stop at step 3");
                }
            }
        }).build().fit();
        assertTrue(Checkpoints.read(Checkpoints.latest(split)).snapshots().isEmpty());
        ToyTask b2 = new ToyTask(12, 8, 0.05, 0.1);
        TrainResult resumed = averaging(b2, split).epochs(3).checkpointEvery(3).resume(true).build().fit();
        assertEquals(full.averaging(), resumed.averaging());
        ToyTask.assertBitIdentical(ToyTask.weights(a.model), ToyTask.weights(b2.model));
    }

    private static Trainer.Builder<SequenceClassifier, ToyTask.Batch> averaging(ToyTask task, Path out) {
        return task.builder(8).outputDir(out).epochs(6).seed(5).monitor("val_loss", Mode.MIN)
                .restoreBestWeights(true).averageNeighbourEpochs(true);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    private static Map<String, Tensor> scaled(Map<String, Tensor> state, float factor) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            float[] x = v.toFloatArray();
            for (int i = 0; i < x.length; i++) {
                x[i] *= factor;
            }
            out.put(k, Tensor.of(x, v.shape()));
        });
        return out;
    }
}
