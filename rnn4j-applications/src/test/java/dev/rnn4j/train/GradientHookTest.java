package dev.rnn4j.train;

import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.optim.SGD;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's seam for data parallelism: the gradient hook between backward and the optimiser
 * step, and an output folder that is only read ({@code writesOutput(false)}).
 */
class GradientHookTest {

    @TempDir
    Path tmp;

    @Test
    void aHookThatChangesNothingLeavesTrainingBitIdentical() throws Exception {
        ToyTask plain = new ToyTask(21);
        TrainResult without = plain.builder(8).seed(21).epochs(2).clipGradNorm(0.5).build().fit();
        ToyTask hooked = new ToyTask(21);
        List<Long> steps = new ArrayList<>();
        TrainResult with = hooked.builder(8).seed(21).epochs(2).clipGradNorm(0.5)
                .gradientHook((parameters, loss, step) -> {
                    steps.add(step);
                    return loss;
                }).build().fit();
        ToyTask.assertBitIdentical(ToyTask.weights(plain.model), ToyTask.weights(hooked.model));
        assertEquals(without.history(), with.history(), "the same losses, metrics and validation");
        assertEquals(16, steps.size(), "2 epochs of 64 examples in batches of 8");
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i, steps.get(i), "the hook is told the global step");
        }
    }

    @Test
    void theHookRunsAfterBackwardAndBeforeTheStepAndItsLossIsRecorded() throws Exception {
        // SGD p -= lr * g: halving every gradient in the hook is SGD at half the rate, bit for bit
        ToyTask reference = new ToyTask(22);
        Trainer.builder(reference.model, new SGD(reference.model.parameters(), 0.25), reference.source(8),
                ToyTask::step).seed(22).epochs(1).quiet(true).progressBar(false).output(ToyTask.SILENT)
                .build().fit();
        ToyTask halved = new ToyTask(22);
        List<Double> recorded = new ArrayList<>();
        TrainResult result = Trainer.builder(halved.model, new SGD(halved.model.parameters(), 0.5), halved.source(8),
                        ToyTask::step).seed(22).epochs(1).quiet(true).progressBar(false).output(ToyTask.SILENT)
                .gradientHook((parameters, loss, step) -> {
                    for (Tensor p : parameters) {
                        assertNotNull(p.grad(), "backward has run before the hook");
                        float[] g = p.grad().f();
                        for (int i = 0; i < g.length; i++) {
                            g[i] *= 0.5f;
                        }
                    }
                    return 10.0 + step; // the loss of the step, as far as the trainer knows
                })
                .callback(new Callback() {
                    @Override
                    public void onStep(Trainer<?, ?> t, StepInfo s) {
                        recorded.add(s.loss());
                    }
                }).build().fit();
        ToyTask.assertBitIdentical(ToyTask.weights(reference.model), ToyTask.weights(halved.model));
        assertEquals(List.of(10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0), recorded);
        assertEquals(13.5, result.history().get(0).get("loss"), 1e-12, "the epoch's loss is the mean of the hook's");
    }

    @Test
    void aNonFiniteLossFromTheHookSkipsTheStep() throws Exception {
        ToyTask task = new ToyTask(23);
        Map<String, float[]> before = ToyTask.weights(task.model);
        TrainResult result = Trainer.builder(task.model, new SGD(task.model.parameters(), 0.5),
                        BatchSource.ofIndices(8, 8, false, false, task::batchOf), ToyTask::step)
                .epochs(1).quiet(true).progressBar(false).output(ToyTask.SILENT).nonFinite(NonFinitePolicy.SKIP)
                .gradientHook((parameters, loss, step) -> Double.NaN).build().fit();
        ToyTask.assertBitIdentical(before, ToyTask.weights(task.model));
        assertEquals(1.0, result.history().get(0).get("skipped_steps"));
    }

    @Test
    void aFollowerResumesFromTheWritersFolderAndWritesNothing() throws Exception {
        Path run = tmp.resolve("run");
        ToyTask straight = new ToyTask(24);
        straight.builder(8).seed(24).epochs(3).build().fit();

        ToyTask writer = new ToyTask(24);
        writer.builder(8).seed(24).epochs(2).outputDir(run).build().fit();
        List<Path> written = listing(run);
        byte[] metrics = Files.readAllBytes(run.resolve(Trainer.METRICS_FILE));

        ToyTask follower = new ToyTask(24); // another process: fresh model and generator
        TrainResult followed = follower.builder(8).seed(24).epochs(3).outputDir(run).resume(true)
                .writesOutput(false).build().fit();
        ToyTask.assertBitIdentical(ToyTask.weights(straight.model), ToyTask.weights(follower.model));
        assertEquals(3, followed.epochsCompleted());
        assertEquals(written, listing(run), "the follower writes no file");
        assertTrue(java.util.Arrays.equals(metrics, Files.readAllBytes(run.resolve(Trainer.METRICS_FILE))),
                "the follower leaves the metric log alone");
        assertFalse(written.isEmpty());
    }

    @Test
    void aFollowerNeedsTheFolderItReads() {
        ToyTask task = new ToyTask(25);
        Trainer.Builder<SequenceClassifier, ToyTask.Batch> builder = task.builder(8).writesOutput(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("writesOutput(false) needs the output folder"), e.getMessage());
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(dir::relativize).sorted().toList();
        }
    }
}
