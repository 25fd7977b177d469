package dev.rnn4j.train;

import dev.rnn4j.models.Pooling;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.schedule.CosineAnnealingLR;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The usage example given to application writers, kept compiling and running. */
class UsageExampleTest {

    @TempDir
    Path tmp;

    @Test
    void theExampleRuns() throws Exception {
        ToyTask data = new ToyTask(0); // stands in for an application's data set
        // the command-line tool fills these from --seed --epochs --batch-size --lr --out --resume --quiet
        TrainingOptions opts = new TrainingOptions(42, 3, 16, 1e-2, tmp.resolve("run"), false, true);

        // ---- the example ----
        Rng rng = new Rng(opts.seed());
        var config = new SequenceClassifier.Config(20, 8, CellType.LSTM, 16, 1, false, 0.1, 0.0, Pooling.MEAN, 2, -1);
        var model = new SequenceClassifier(config, rng);
        var train = BatchSource.ofIndices(ToyTask.EXAMPLES, opts.batchSize(), true, false, data::batchOf);
        var adam = new Adam(model.parameters(), opts.lr());
        TrainResult result = Trainer.builder(model, adam, train,
                        (SequenceClassifier m, ToyTask.Batch b) -> {
                            Tensor logits = m.forward(b.ids(), b.size(), ToyTask.STEPS, null);
                            return StepResult.of(Losses.crossEntropy(logits, b.labels()), b.size(),
                                    Map.of("accuracy", ToyTask.accuracy(logits, b.labels())));
                        })
                .options(opts)                                   // --epochs --seed --out --resume --quiet
                .evaluator(data::evaluate)                       // → val_loss, val_accuracy
                .earlyStopping("val_accuracy", Mode.MAX, 3).restoreBestWeights(true)
                .schedule(new CosineAnnealingLR(adam, opts.epochs(), 1e-4)).warmup(20)
                .clipGradNorm(1.0)
                .checkpointEvery(100)
                .registerRng("model", rng)                       // dropout's generator: saved in checkpoints
                .modelConfig(config)                             // stored in checkpoints and model.json
                .build().fit();
        // ---- end ----

        assertEquals(3, result.epochsCompleted());
        assertTrue(result.bestValue() != null);
        var reloaded = new SequenceClassifier(
                new com.fasterxml.jackson.databind.ObjectMapper().treeToValue(
                        Checkpoints.modelConfig(opts.out()), SequenceClassifier.Config.class), new Rng(1));
        Checkpoints.loadWeights(opts.out(), reloaded);
        ToyTask.assertBitIdentical(ToyTask.weights(model), ToyTask.weights(reloaded));
    }
}
