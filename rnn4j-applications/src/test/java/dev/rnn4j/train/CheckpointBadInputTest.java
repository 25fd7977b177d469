package dev.rnn4j.train;

import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per bad checkpoint input: each must fail with a message naming the thing at fault. */
class CheckpointBadInputTest {

    @TempDir
    Path tmp;

    private Path trainedRun(int hidden) throws Exception {
        Path out = tmp.resolve("run");
        new ToyTask(1, hidden, 0.01, 0.1).builder(16).outputDir(out).epochs(1).build().fit();
        return out;
    }

    private static Trainer<SequenceClassifier, ToyTask.Batch> resumer(ToyTask task, Path out) {
        return task.builder(16).outputDir(out).epochs(2).resume(true).build();
    }

    @Test
    void checkpointFromADifferentModelShapeNamesTheParameterAndBothShapes() throws Exception {
        Path out = trainedRun(16);
        ToyTask smaller = new ToyTask(1, 12, 0.01, 0.1);
        Map<String, float[]> before = ToyTask.weights(smaller.model);
        CheckpointException e = assertThrows(CheckpointException.class, () -> resumer(smaller, out).fit());
        String m = e.getMessage();
        assertTrue(m.contains("different model") && m.contains("'rnn.weight_ih_l0'") && m.contains("(64, 8)")
                && m.contains("(48, 8)") && m.contains(Checkpoints.WEIGHTS_FILE), m);
        ToyTask.assertBitIdentical(before, ToyTask.weights(smaller.model)); // nothing was loaded
        // loading weights alone checks the same way
        CheckpointException w = assertThrows(CheckpointException.class,
                () -> Checkpoints.loadWeights(out, new ToyTask(1, 12, 0.01, 0.1).model));
        assertTrue(w.getMessage().contains("'rnn.weight_ih_l0'"), w.getMessage());
    }

    @Test
    void corruptedWeightsFileIsNamed() throws Exception {
        Path out = trainedRun(16);
        Path weights = Checkpoints.latest(out).resolve(Checkpoints.WEIGHTS_FILE);
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            long at = f.length() - 10; // a byte inside the last tensor's data
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> resumer(new ToyTask(1), out).fit());
        assertTrue(e.getMessage().contains(weights.toString()) && e.getMessage().contains("corrupted"), e.getMessage());
    }

    @Test
    void aManifestClaimingAHugeFileIsRefusedBeforeTheFileIsRead() throws Exception {
        Path out = trainedRun(16);
        Path dir = Checkpoints.latest(out);
        Path state = dir.resolve(Checkpoints.STATE_FILE);
        Files.writeString(state, Files.readString(state).replaceFirst("\"bytes\" : \\d+", "\"bytes\" : 2147483648"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve(Checkpoints.WEIGHTS_FILE) + " is truncated or corrupted")
                && e.getMessage().contains("the checkpoint recorded 2147483648"), e.getMessage());
    }

    @Test
    void truncatedOptimizerFileIsNamed() throws Exception {
        Path out = trainedRun(16);
        Path file = Checkpoints.latest(out).resolve(Checkpoints.OPTIMIZER_FILE);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> resumer(new ToyTask(1), out).fit());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedCheckpointJsonIsNamed() throws Exception {
        Path out = trainedRun(16);
        Path file = Checkpoints.latest(out).resolve(Checkpoints.STATE_FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        CheckpointException e = assertThrows(CheckpointException.class, () -> resumer(new ToyTask(1), out).fit());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingOptimizerStateIsReported() throws Exception {
        Path out = trainedRun(16);
        Path checkpoint = Checkpoints.latest(out);
        Files.delete(checkpoint.resolve(Checkpoints.OPTIMIZER_FILE));
        CheckpointException e = assertThrows(CheckpointException.class, () -> resumer(new ToyTask(1), out).fit());
        assertTrue(e.getMessage().contains("no optimizer state") && e.getMessage().contains(checkpoint.toString())
                && e.getMessage().contains(Checkpoints.OPTIMIZER_FILE), e.getMessage());
        // the weights alone are still usable
        ToyTask fresh = new ToyTask(5);
        Checkpoints.loadWeights(checkpoint, fresh.model);
    }

    @Test
    void optimizerStateOfAnotherOptimizerIsReported() throws Exception {
        Path out = trainedRun(16);
        ToyTask task = new ToyTask(1);
        dev.rnn4j.optim.SGD sgd = new dev.rnn4j.optim.SGD(task.model.parameters(), 0.01);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Trainer.builder(task.model, sgd,
                        task.source(16), ToyTask::step).registerRng("model", task.rng).outputDir(out).resume(true)
                .quiet(true).progressBar(false).output(ToyTask.SILENT).build().fit());
        assertTrue(e.getMessage().contains("Adam") && e.getMessage().contains("SGD"), e.getMessage());
    }

    @Test
    void missingGeneratorStateIsReported() throws Exception {
        Path out = trainedRun(16);
        ToyTask task = new ToyTask(1);
        CheckpointException e = assertThrows(CheckpointException.class, () -> task.builder(16).outputDir(out)
                .registerRng("data", new dev.rnn4j.tensor.Rng(3)).resume(true).build().fit());
        assertTrue(e.getMessage().contains("'data'"), e.getMessage());
    }

    @Test
    void resumeWithNoCheckpointNamesTheFolder() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> resumer(new ToyTask(1), empty).fit());
        assertTrue(e.getMessage().contains("no checkpoint in " + empty), e.getMessage());
        Path missing = tmp.resolve("missing");
        CheckpointException e2 = assertThrows(CheckpointException.class, () -> resumer(new ToyTask(1), missing).fit());
        assertTrue(e2.getMessage().contains(missing.toString()) && e2.getMessage().contains("does not exist"),
                e2.getMessage());
    }

    @Test
    void aPointerToAMissingFolderIsReported() throws Exception {
        Path out = trainedRun(16);
        Files.writeString(out.resolve(Checkpoints.LATEST), Checkpoints.folderName(999) + "\n");
        CheckpointException e = assertThrows(CheckpointException.class, () -> resumer(new ToyTask(1), out).fit());
        assertTrue(e.getMessage().contains(Checkpoints.folderName(999)) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void nanLossStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path out = tmp.resolve("run");
        ToyTask task = new ToyTask(2);
        Map<Long, Map<String, float[]>> atCheckpoint = new LinkedHashMap<>();
        long[] calls = {0};
        Trainer<SequenceClassifier, ToyTask.Batch> trainer = Trainer.builder(task.model, task.optimizer,
                        task.source(8), (SequenceClassifier m, ToyTask.Batch b) -> {
                            StepResult r = ToyTask.step(m, b);
                            // the 7th step's loss becomes NaN (through the graph, as a real blow-up would)
                            return ++calls[0] == 7 ? StepResult.of(r.loss().mul(Double.NaN), b.size()) : r;
                        })
                .registerRng("model", task.rng).outputDir(out).checkpointEvery(3).epochs(2)
                .quiet(true).progressBar(false).output(ToyTask.SILENT)
                .callback(new Callback() {
                    @Override
                    public void onCheckpoint(Trainer<?, ?> t, Path checkpoint, long step) {
                        atCheckpoint.put(step, ToyTask.weights(t.model()));
                    }
                })
                .build();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, trainer::fit);
        String m = e.getMessage();
        Path six = out.resolve(Checkpoints.CHECKPOINTS).resolve(Checkpoints.folderName(6));
        assertTrue(m.contains("epoch 1, step 7") && m.contains("NaN") && m.contains(six.toString())
                && m.contains("--resume"), m);
        assertEquals(7, e.step());
        assertEquals(six, e.lastCheckpoint());
        assertEquals(six, Checkpoints.latest(out));
        // the checkpoint verifies and holds the step-6 weights
        Checkpoints.Loaded loaded = Checkpoints.read(six);
        Map<String, float[]> saved = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> t : loaded.weights().entrySet()) {
            saved.put(t.getKey(), t.getValue().toFloatArray());
        }
        ToyTask.assertBitIdentical(atCheckpoint.get(6L), saved);
        // the bad step did not update the model: its weights are still finite and equal the step-6 ones
        ToyTask.assertBitIdentical(atCheckpoint.get(6L), ToyTask.weights(task.model));
        assertFalse(Files.exists(out.resolve(Trainer.MODEL_FILE)), "no final model is written for a failed run");
    }

    @Test
    void infiniteLossWithSkipContinues() throws Exception {
        ToyTask task = new ToyTask(3);
        long[] calls = {0};
        TrainResult r = Trainer.builder(task.model, task.optimizer, task.source(8),
                        (SequenceClassifier m, ToyTask.Batch b) -> {
                            StepResult s = ToyTask.step(m, b);
                            return ++calls[0] == 3 ? StepResult.of(s.loss().mul(Double.POSITIVE_INFINITY), b.size()) : s;
                        })
                .nonFinite(NonFinitePolicy.SKIP).epochs(2).quiet(true).progressBar(false).output(ToyTask.SILENT)
                .build().fit();
        assertEquals(2, r.epochsCompleted());
        assertEquals(16, r.steps());
        assertEquals(1.0, r.history().get(0).get("skipped_steps"));
        assertFalse(r.history().get(1).containsKey("skipped_steps"));
        assertTrue(Double.isFinite(r.lastEpoch().get("loss")));
        for (float[] w : ToyTask.weights(task.model).values()) {
            for (float v : w) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void leftoversOfACrashedWriteAreIgnoredAndCleaned() throws Exception {
        Path out = trainedRun(16);
        Path root = out.resolve(Checkpoints.CHECKPOINTS);
        // what a crash in the middle of writing step 5 would leave: a hidden temp folder, half filled
        Path half = Files.createDirectories(root.resolve(AtomicFiles.TEMP_PREFIX + Checkpoints.folderName(5) + "-x"));
        Files.write(half.resolve(Checkpoints.WEIGHTS_FILE), new byte[] {1, 2, 3});
        Path latestBefore = Checkpoints.latest(out);
        resumer(new ToyTask(1), out).fit();
        assertFalse(Files.exists(half), "the temporary folder is removed on resume");
        assertTrue(Checkpoints.latest(out).getFileName().toString().compareTo(latestBefore.getFileName().toString()) > 0);
    }
}
