package dev.rnn4j.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.translate.TranslationModel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exports a saved model to an ONNX file ({@value OnnxGraph#OPSET} of the default domain, IR
 * version {@value OnnxGraph#IR_VERSION}), written with protobuf-java from the ONNX schema.
 *
 * <pre>{@code
 * List<OnnxExport.Result> r = OnnxExport.export(Path.of("models/sst2"), Path.of("sst2.onnx"), true);
 * // r.get(0).description(): "rnn4j text classifier: 1 LSTM network(s), ..."
 * }</pre>
 *
 * <p>Supported: text classifiers ({@link ClassifierExport}), forecasters
 * ({@link ForecasterExport}) and language models ({@link LanguageModelExport}), one file each, and
 * translation models ({@link TranslatorExport}), two files: for {@code NAME.onnx},
 * {@code NAME.encoder.onnx} and {@code NAME.decoder.onnx} ({@link #translatorFiles}). Everything
 * else is refused with a message naming what is not supported, int8 folders included (export the
 * float folder they were quantized from).
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
     * Exports the model saved in {@code modelFolder} to {@code onnxFile}, written atomically; a
     * translation model to the two files of {@link #translatorFiles}.
     *
     * @param networksOnly for a classifier with an n-gram expert: export its networks' part alone
     *     (otherwise refused, the expert having no ONNX form)
     * @return what was written, one entry per file
     * @throws OnnxExportException if the folder is not a model folder, holds a model of a task
     *     export does not support, has a layer ONNX cannot express (naming it), or the file's
     *     folder does not exist
     * @throws UncheckedIOException if the file cannot be written
     */
    public static List<Result> export(Path modelFolder, Path onnxFile, boolean networksOnly) {
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
        } else if (task.equals(LanguageModel.TASK)) {
            model = LanguageModelExport.export(LanguageModel.load(modelFolder));
        } else if (task.equals(TranslationModel.TASK)) {
            return writeTranslator(TranslatorExport.export(TranslationModel.load(modelFolder)), target);
        } else {
            throw new OnnxExportException(modelFolder + ": a model of task \"" + task + "\"; ONNX export supports "
                    + CLASSIFIER_TASK + ", " + ForecastModel.TASK + ", " + LanguageModel.TASK + " and "
                    + TranslationModel.TASK + " models");
        }
        return List.of(write(model, target));
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

    /**
     * Exports a language model in memory to {@code onnxFile} (see {@link LanguageModelExport} for
     * the graph's inputs and outputs).
     *
     * @throws OnnxExportException as {@link #export(Path, Path, boolean)}
     */
    public static Result exportLanguageModel(LanguageModel model, Path onnxFile) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a trained language model, got null");
        }
        Path target = checkTarget(onnxFile);
        return write(LanguageModelExport.export(model), target);
    }

    /**
     * Exports a translation model in memory to the two files of {@link #translatorFiles}
     * {@code (onnxFile)}: the encoder, then the decoder step (see {@link TranslatorExport}).
     *
     * @throws OnnxExportException as {@link #export(Path, Path, boolean)}
     */
    public static List<Result> exportTranslator(TranslationModel model, Path onnxFile) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a trained translation model, got null");
        }
        Path target = checkTarget(onnxFile);
        return writeTranslator(TranslatorExport.export(model), target);
    }

    /**
     * The files a translation model is written to for {@code onnxFile}: its name without a final
     * {@code .onnx}, then {@code .encoder.onnx} and {@code .decoder.onnx}, in the same folder
     * ({@code de-en.onnx} gives {@code de-en.encoder.onnx} and {@code de-en.decoder.onnx}).
     */
    public static List<Path> translatorFiles(Path onnxFile) {
        if (onnxFile == null || onnxFile.getFileName() == null) {
            throw new IllegalArgumentException("onnxFile: expected a path for the .onnx file, got " + onnxFile);
        }
        String name = onnxFile.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
        return List.of(onnxFile.resolveSibling(stem + ".encoder.onnx"),
                onnxFile.resolveSibling(stem + ".decoder.onnx"));
    }

    private static List<Result> writeTranslator(TranslatorExport.Graphs graphs, Path target) {
        List<Path> files = translatorFiles(target);
        List<Result> written = new ArrayList<>();
        written.add(write(graphs.encoder(), files.get(0)));
        written.add(write(graphs.decoderStep(), files.get(1)));
        return written;
    }

    /**
     * Refuses a model with int8 layers (a folder written by {@code rnn4j quantize}), naming the
     * first one: their products run on int8 weights with activations quantized per row, which no
     * float ONNX graph reproduces.
     */
    static void refuseInt8(Module model) {
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            boolean int8 = e.getValue() instanceof Linear linear && linear.int8() != null
                    || e.getValue() instanceof RecurrentLayer layer && layer.int8() != null;
            if (int8) {
                throw new OnnxExportException("layer '" + e.getKey() + "' holds int8 weights (a folder written by"
                        + " rnn4j quantize); export the float model folder it was quantized from");
            }
        }
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
