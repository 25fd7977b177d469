package dev.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rnn4j.forecast.ForecastModel.ModelFolderException;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzz target of the forecast model folder's {@code config.json}, read by {@link ForecastModel#load(Path)}
 * together with a fixed, valid {@code weights.safetensors}: the weights of one untrained {@link ForecastNetwork}
 * (LSTM, one input feature, hidden 4, one layer, 2 outputs), written once per JVM. Any bytes either load, and
 * then save to a {@code config.json} that loads and saves again to the same bytes, or raise a
 * {@link ModelFolderException} with a message. Any other exception or error, or a hang, is a finding.
 *
 * <p>Under {@code mvn verify} this replays the seeds in
 * {@code src/test/resources/dev/rnn4j/forecast/ForecastModelFolderFuzzTestInputs/loadsOrFailsClearly/};
 * RELIABILITY.md gives the command that fuzzes it for a given time.
 */
class ForecastModelFolderFuzzTest {

    /** The folder whose {@code config.json} is rewritten for every input. */
    private static final Path FOLDER = newFolderWithWeights();
    private static final Path SAVED = FOLDER.resolveSibling(FOLDER.getFileName() + "-saved");

    private static Path newFolderWithWeights() {
        try {
            Path folder = Files.createTempDirectory("forecast-model-folder-fuzz");
            ForecastNetwork network = new ForecastNetwork(CellType.LSTM, 1, 4, 1, 0.0, 2, new Rng(1));
            SafeTensors.write(folder.resolve(ForecastModelFolder.WEIGHTS), network.stateDict(), Map.of());
            folder.toFile().deleteOnExit();
            folder.resolve(ForecastModelFolder.WEIGHTS).toFile().deleteOnExit();
            folder.resolve(ForecastModelFolder.CONFIG).toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadsOrFailsClearly(byte[] input) throws IOException {
        Files.write(FOLDER.resolve(ForecastModelFolder.CONFIG), input);
        ForecastModel loaded;
        try {
            loaded = ForecastModel.load(FOLDER);
        } catch (ModelFolderException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a ModelFolderException without a message");
            return;
        }
        loaded.save(SAVED);
        byte[] saved = Files.readAllBytes(SAVED.resolve(ForecastModelFolder.CONFIG));
        ForecastModel.load(SAVED).save(SAVED);
        assertArrayEquals(saved, Files.readAllBytes(SAVED.resolve(ForecastModelFolder.CONFIG)),
                "a loaded model saves, loads and saves again to the same config.json");
    }
}
