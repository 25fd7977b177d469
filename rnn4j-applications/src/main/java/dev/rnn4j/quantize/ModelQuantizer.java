package dev.rnn4j.quantize;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.quant.QuantizedWeights;
import dev.rnn4j.quant.Quantizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes the int8 copy of a saved model folder ({@code rnn4j quantize}) of a classifier, forecaster,
 * language model or translator: every {@code .safetensors}
 * file's weight matrices (recurrent {@code weight_ih_l*}/{@code weight_hh_l*}, every {@code Linear}'s
 * and {@code Embedding}'s {@code weight}) become {@code I8} with their {@code name.scale}
 * ({@link Quantizer}), every other file is copied as it is, and {@code config.json} gains a
 * {@code "quantization"} object that records the scheme. The training run's folder ({@value #RUN_FOLDER}: the
 * float checkpoints and metric log every training command writes beside the model) is left out: it belongs to
 * the float model, and it would make the int8 folder larger than the float model's weights. The copy loads through
 * {@link Predictors#load} like the float folder, and its recurrent and linear layers then run the
 * int8 kernels ({@link QuantizedWeights}).
 *
 * <p>Only the tasks whose loaders read int8 weights are accepted ({@link #TASKS}); the result is
 * loaded once before it is put in place, so a model with a layer that has no int8 path (a
 * layer-normalised cell, a projection) fails with the loader's message naming the layer and leaves
 * nothing behind. The folder appears at {@code out} whole or not at all (built beside it, then renamed).
 */
public final class ModelQuantizer {

    /** The tasks whose model folders load int8 weights. */
    public static final Set<String> TASKS = Set.of("text-classification", "forecast", "language-model", "translation");

    /** The subfolder of a model folder that holds its training run; not copied. */
    public static final String RUN_FOLDER = "training";

    /** The key {@code config.json} records the quantization under. */
    public static final String CONFIG_KEY = "quantization";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelQuantizer() {
    }

    /**
     * What a quantization did.
     *
     * @param task        the model's task
     * @param int8Tensors the matrices now stored as int8, by file
     * @param floatBytes  bytes of the weight files before
     * @param int8Bytes   bytes of the weight files after
     */
    public record Result(String task, Map<String, List<String>> int8Tensors, long floatBytes, long int8Bytes) {
        /** Matrices stored as int8, over all files. */
        public int int8Count() {
            return int8Tensors.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * Writes the int8 copy of {@code model} to {@code out}.
     *
     * @param keepFloat a regular expression of weight names to keep in float (matched whole, e.g.
     *                  {@code "embedding\\.weight"}), or null to quantize every weight matrix
     * @throws IllegalArgumentException if {@code model} is not a model folder of a task in {@link #TASKS},
     *                                  is quantized already, or {@code out} exists (and is not an empty
     *                                  folder) or its parent folder is missing, or the quantized model
     *                                  does not load (the message says why)
     * @throws UncheckedIOException     if a file cannot be read or written
     */
    public static Result quantize(Path model, Path out, String keepFloat) {
        if (model == null || out == null) {
            throw new IllegalArgumentException("model, out: expected two folders, got " + model + " and " + out);
        }
        String task = Predictors.task(model);
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException(model + ": models of task \"" + task + "\" cannot be quantized;"
                    + " quantize works for " + new java.util.TreeSet<>(TASKS));
        }
        ObjectNode config = readConfig(model);
        if (config.has(CONFIG_KEY)) {
            throw new IllegalArgumentException(model.resolve(Predictors.CONFIG_FILE) + ": the model is quantized"
                    + " already (\"" + CONFIG_KEY + "\": " + config.get(CONFIG_KEY).path("method") + ")");
        }
        checkOut(model, out);
        Predicate<String> keep = keepFloat == null ? name -> false : Pattern.compile(keepFloat).asMatchPredicate();
        Path staging = out.toAbsolutePath().getParent().resolve("." + out.getFileName() + "." + UUID.randomUUID()
                + ".tmp");
        Map<String, List<String>> int8 = new LinkedHashMap<>();
        long[] bytes = new long[2];
        boolean done = false;
        try {
            copyTree(model, staging);
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList()) {
                    bytes[0] += Files.size(f);
                    int8.put(f.getFileName().toString(), quantizeFile(f, keep));
                    bytes[1] += Files.size(f);
                }
            }
            ObjectNode q = config.putObject(CONFIG_KEY);
            q.put("method", "dynamic-int8");
            q.put("weights", "int8, symmetric, one scale per output row: tensor NAME as I8, its scales as NAME.scale"
                    + " (F32)");
            q.put("activations", "int8, symmetric, one scale per row (per time step and sequence), computed at run"
                    + " time; products summed in int32, gate nonlinearities in float32");
            ArrayNode kept = q.putArray("kept_float");
            if (keepFloat != null) {
                kept.add(keepFloat);
            }
            Files.write(staging.resolve(Predictors.CONFIG_FILE), JSON.writeValueAsBytes(config));
            try {
                Predictors.load(staging);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(model + ": the quantized model does not load: " + e.getMessage(), e);
            }
            if (Files.isDirectory(out)) {
                Files.delete(out); // empty (checkOut)
            }
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("quantize " + model + " to " + out + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                deleteTree(staging);
            }
        }
        return new Result(task, int8, bytes[0], bytes[1]);
    }

    private static ObjectNode readConfig(Path model) {
        Path file = model.resolve(Predictors.CONFIG_FILE);
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return (ObjectNode) root; // Predictors.task has checked it is an object
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkOut(Path model, Path out) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("out: the folder " + parent + " that should hold " + out.getFileName()
                    + " does not exist; create it first");
        }
        if (out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("out: expected a new folder, got the model folder itself (" + out + ")");
        }
        if (Files.exists(out)) {
            boolean empty;
            try (Stream<Path> entries = Files.isDirectory(out) ? Files.list(out) : null) {
                empty = entries != null && entries.findAny().isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(out + ": cannot read: " + e.getMessage(), e);
            }
            if (!empty) {
                throw new IllegalArgumentException("out: " + out + " exists; expected a new or empty folder");
            }
        }
    }

    /** Quantizes one weights file in place; returns the names now stored as int8. */
    private static List<String> quantizeFile(Path file, Predicate<String> keep) throws IOException {
        SafeTensorsFile weights = SafeTensors.read(file);
        for (String name : weights.tensors().keySet()) {
            if (QuantizedWeights.INT8_DTYPE.equals(weights.storedDtype(name))) {
                throw new IllegalArgumentException(file.getFileName() + ": tensor '" + name + "' is int8 already;"
                        + " the model is quantized already");
            }
        }
        Quantizer.QuantizedState state = Quantizer.quantize(weights.tensors(), keep);
        Map<String, String> metadata = new LinkedHashMap<>(weights.metadata());
        metadata.put(CONFIG_KEY, "dynamic-int8");
        SafeTensors.write(file, state.tensors(), metadata, state.int8Names());
        return new ArrayList<>(state.int8Names());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(from.resolve(RUN_FOLDER))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover hidden staging folder is harmless and named after out
        }
    }
}
