package dev.rnn4j.forecast.global;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.forecast.ForecastModel.ModelFolderException;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target of the global forecast model folder's {@code config.json}, read by
 * {@link GlobalForecastModel#load(Path)} ({@link GlobalModelFolder}) together with a fixed, valid
 * {@code weights.safetensors}: an untrained point forecaster (LSTM, lookback 3, horizon 2, one covariate
 * {@code temp}, groups {@code a b}, so 5 input features; hidden 4, one layer), saved once per JVM. Any bytes
 * either load, and then save to a {@code config.json} that loads and saves again to the same bytes, or raise a
 * {@link ModelFolderException} with a message. Any other exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/forecast/global/GlobalModelFolderFuzzTestInputs/loadsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class GlobalModelFolderFuzzTest {

    /** The folder whose {@code config.json} is rewritten for every input. */
    private static final Path FOLDER = newFolderWithWeights();
    private static final Path SAVED = FOLDER.resolveSibling(FOLDER.getFileName() + "-saved");

    /** The tiny model whose weights every input is read with; its own {@code config.json} is the valid seed. */
    static GlobalForecastModel tinyModel() {
        WindowFeatures features = new WindowFeatures(3, 2, Normalisation.MEAN_LEVEL, false, false, List.of("temp"),
                new double[] {1.5}, new double[] {2.0}, List.of("a", "b"));
        ForecastNetwork network = new ForecastNetwork(CellType.LSTM, features.featureCount(), 4, 1, 0.0,
                features.horizon(), new Rng(1));
        return new GlobalForecastModel(features, 1, CellType.LSTM, 4, 1, 0.0, new double[0], network,
                new PanelColumns("id", "t", "y", List.of("temp"), "g"), null);
    }

    private static Path newFolderWithWeights() {
        try {
            Path folder = Files.createTempDirectory("global-model-folder-fuzz");
            tinyModel().save(folder);
            folder.toFile().deleteOnExit();
            folder.resolve(GlobalModelFolder.WEIGHTS).toFile().deleteOnExit();
            folder.resolve(GlobalModelFolder.CONFIG).toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) throws IOException {
        Files.write(FOLDER.resolve(GlobalModelFolder.CONFIG), input);
        GlobalForecastModel loaded;
        try {
            loaded = GlobalForecastModel.load(FOLDER);
        } catch (ModelFolderException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a ModelFolderException without a message");
            return;
        }
        loaded.save(SAVED);
        byte[] saved = Files.readAllBytes(SAVED.resolve(GlobalModelFolder.CONFIG));
        GlobalForecastModel.load(SAVED).save(SAVED);
        assertArrayEquals(saved, Files.readAllBytes(SAVED.resolve(GlobalModelFolder.CONFIG)),
                "a loaded model saves, loads and saves again to the same config.json");
    }
}
