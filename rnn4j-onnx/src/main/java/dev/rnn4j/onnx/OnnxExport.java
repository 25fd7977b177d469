package dev.rnn4j.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.predict.Predictors;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Exports a saved model to an ONNX file ({@value OnnxGraph#OPSET} of the default domain, IR
 * version {@value OnnxGraph#IR_VERSION}), written with protobuf-java from the ONNX schema.
 *
 * <pre>{@code
 * OnnxExport.Result r = OnnxExport.export(Path.of("models/sst2"), Path.of("sst2.onnx"), true);
 * // r.description(): "text classifier: 1 LSTM network(s), ..."
 * }</pre>
 *
 * <p>Supported: text classifiers ({@link ClassifierExport}) and forecasters
 * ({@link ForecasterExport}). Everything else is refused with a message naming what is not
 * supported.
 */
public final class OnnxExport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASSIFIER_TASK = "text-classification";

    /**
     * What was written: the file, its size in bytes and a one-line description of the graph.
     */
    public record Result(Path file, long bytes, String description) {
    }

    private OnnxExport() {
    }

    /**
     * Exports the model saved in {@code modelFolder} to {@code onnxFile}, written atomically.
     *
     * @param networksOnly for a classifier with an n-gram expert: export its networks' part alone
     *     (otherwise refused, the expert having no ONNX form)
     * @throws OnnxExportException if the folder is not a model folder, holds a model of a task
     *     export does not support, has a layer ONNX cannot express (naming it), or the file's
     *     folder does not exist
     * @throws UncheckedIOException if the file cannot be written
     */
    public static Result export(Path modelFolder, Path onnxFile, boolean networksOnly) {
        Path target = checkTarget(onnxFile);
        String task;
        try {
            task = Predictors.task(modelFolder);
        } catch (IllegalArgumentException e) {
            throw new OnnxExportException(e.getMessage(), e);
        }
        ModelProto model;
        if (task.equals(CLASSIFIER_TASK)) {
            model = ClassifierExport.export(TextClassifier.load(modelFolder), networksOnly);
        } else if (task.equals(ForecastModel.TASK)) {
            try {
                model = ForecasterExport.export(ForecastModel.load(modelFolder));
            } catch (IOException e) {
                throw new OnnxExportException(modelFolder + ": cannot load the forecaster: " + e.getMessage(), e);
            }
        } else {
            throw new OnnxExportException(modelFolder + ": a model of task \"" + task + "\"; ONNX export supports "
                    + CLASSIFIER_TASK + " and " + ForecastModel.TASK + " models");
        }
        return write(model, target);
    }

    /**
     * Exports a classifier in memory to {@code onnxFile} (see {@link ClassifierExport} for the
     * graph's inputs and outputs).
     *
     * @throws OnnxExportException as {@link #export(Path, Path, boolean)}
     */
    public static Result exportClassifier(TextClassifier classifier, Path onnxFile, boolean networksOnly) {
        if (classifier == null) {
            throw new IllegalArgumentException("classifier: expected a trained text classifier, got null");
        }
        Path target = checkTarget(onnxFile);
        return write(ClassifierExport.export(classifier, networksOnly), target);
    }

    /**
     * Exports a forecaster in memory to {@code onnxFile} (see {@link ForecasterExport} for the
     * graph's input and output).
     *
     * @throws OnnxExportException as {@link #export(Path, Path, boolean)}
     */
    public static Result exportForecaster(ForecastModel model, Path onnxFile) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a trained forecaster, got null");
        }
        Path target = checkTarget(onnxFile);
        return write(ForecasterExport.export(model), target);
    }

    private static Path checkTarget(Path onnxFile) {
        if (onnxFile == null) {
            throw new IllegalArgumentException("onnxFile: expected a path for the .onnx file, got null");
        }
        Path absolute = onnxFile.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new OnnxExportException(onnxFile + ": the folder " + parent + " does not exist (create it first)");
        }
        if (Files.isDirectory(absolute)) {
            throw new OnnxExportException(onnxFile + ": is a folder; expected a file name such as model.onnx");
        }
        return absolute;
    }

    private static Result write(ModelProto model, Path target) {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                model.writeTo(out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(target, Files.size(target), model.getDocString());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write failed already; that is the error to report
            }
            throw new UncheckedIOException(target + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** A JSON array of strings, for the model's metadata. */
    static String jsonArray(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
