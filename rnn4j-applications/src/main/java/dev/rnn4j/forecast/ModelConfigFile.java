package dev.rnn4j.forecast;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.forecast.ForecastModel.ModelFolderException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the JSON config of a forecasting model folder (single-series or global), with the folder's
 * own errors: a missing folder, a folder without the config, a config that is not UTF-8 or not JSON.
 */
public final class ModelConfigFile {

    private ModelConfigFile() {
    }

    /**
     * The parsed {@code dir/name}; null when the file holds only JSON {@code null} or nothing.
     *
     * @throws IllegalArgumentException if {@code dir} is null
     * @throws NoSuchFileException      if {@code dir} is not a folder
     * @throws ModelFolderException     if the config is missing, not UTF-8 or not valid JSON
     * @throws IOException              if the file cannot be read
     */
    public static JsonNode read(Path dir, String name) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("model folder: expected a path, got null");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir + ": model folder not found");
        }
        Path configFile = dir.resolve(name);
        if (!Files.isRegularFile(configFile)) {
            throw new ModelFolderException(dir + ": not a model folder (no " + name + ")");
        }
        try {
            return new ObjectMapper().readTree(Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new ModelFolderException(configFile + ": not valid JSON: " + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new ModelFolderException(configFile + ": not UTF-8 text (" + e.getMessage() + ")");
        }
    }
}
