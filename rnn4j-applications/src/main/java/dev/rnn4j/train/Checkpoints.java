package dev.rnn4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFormatException;
import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checkpoint folders: writing them atomically, finding them, and reading them back with every
 * check a resumed run needs.
 *
 * <p>Layout of an output folder {@code DIR}:
 * <pre>
 * DIR/checkpoints/step-000000120/model.safetensors      weights, PyTorch parameter names
 * DIR/checkpoints/step-000000120/optimizer.safetensors  the optimiser's state tensors
 * DIR/checkpoints/step-000000120/snapshots.safetensors  the epoch snapshots ({@link EpochSnapshots}),
 *                                                        when the run averages neighbouring epochs
 * DIR/checkpoints/step-000000120/checkpoint.json        model config, trainer state, optimiser
 *                                                        scalars, generator states, file manifest
 * DIR/latest                                            "step-000000120": the newest complete one
 * DIR/best                                              the one with the best monitored metric
 * </pre>
 *
 * <p>Atomicity: a checkpoint is written into a hidden temporary folder next to its final name,
 * every file is forced to disk, and the folder is renamed atomically; only then is {@code latest}
 * replaced, itself by writing a temporary file and renaming it. A crash at any moment leaves
 * {@code latest} naming a complete checkpoint (or no {@code latest} at all), never a partial one.
 *
 * <p>Validation on reading: the manifest in {@code checkpoint.json} records each file's size and
 * SHA-256, so a truncated or corrupted file is reported by name before anything is loaded;
 * {@link #checkFits(Map, Module, String)} names the first parameter whose shape differs.
 */
public final class Checkpoints {

    /** Folder of the step checkpoints inside an output folder. */
    public static final String CHECKPOINTS = "checkpoints";
    /** Pointer file naming the newest complete checkpoint. */
    public static final String LATEST = "latest";
    /** Pointer file naming the checkpoint with the best monitored metric. */
    public static final String BEST = "best";
    /** Weights file in a checkpoint. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** Optimiser state tensors in a checkpoint. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** The epoch snapshots in a checkpoint of a run that averages neighbouring epochs ({@link EpochSnapshots}). */
    public static final String SNAPSHOTS_FILE = "snapshots.safetensors";
    /** The JSON part of a checkpoint. */
    public static final String STATE_FILE = "checkpoint.json";
    /** Value of the {@code format} field. */
    public static final String FORMAT = "rnn4j-checkpoint";
    /** Current format version. */
    public static final int VERSION = 1;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {
    }

    /**
     * A checkpoint read from disk, every file verified against the manifest.
     *
     * @param dir              the checkpoint folder
     * @param json             the parsed {@code checkpoint.json}
     * @param weights          the parameters by PyTorch name
     * @param optimizerTensors the optimiser's state tensors, or null when the checkpoint has none
     * @param snapshots        the epoch snapshots under {@code epoch-N/NAME}, or null when the checkpoint has none
     */
    public record Loaded(Path dir, ObjectNode json, Map<String, Tensor> weights, Map<String, Tensor> optimizerTensors,
                         Map<String, Tensor> snapshots) {

        /** The global step the checkpoint was taken at. */
        public long step() {
            return json.path("step").asLong();
        }

        /** The model config the application stored (an empty object if none). */
        public JsonNode modelConfig() {
            JsonNode m = json.get("model");
            return m == null ? JSON.createObjectNode() : m;
        }
    }

    /** The folder name of the checkpoint at {@code step}. */
    public static String folderName(long step) {
        return String.format("step-%09d", step);
    }

    // ------------------------------------------------------------------ finding

    /**
     * The checkpoint folder that {@code outDir/latest} names.
     *
     * @throws CheckpointException if {@code outDir} does not exist, has no {@code latest} (no
     *                             checkpoint was ever completed there) or names a missing folder
     */
    public static Path latest(Path outDir) throws CheckpointException {
        return pointer(outDir, LATEST).orElseThrow(() -> new CheckpointException("no checkpoint in " + outDir
                + ": there is no '" + LATEST + "' file (no checkpoint was completed there); "
                + describeContents(outDir)));
    }

    /** The checkpoint folder that {@code outDir/best} names, if there is one. */
    public static Optional<Path> best(Path outDir) throws CheckpointException {
        return pointer(outDir, BEST);
    }

    private static Optional<Path> pointer(Path outDir, String name) throws CheckpointException {
        if (outDir == null) {
            throw new IllegalArgumentException("outDir must not be null");
        }
        if (!Files.isDirectory(outDir)) {
            throw new CheckpointException("no checkpoint in " + outDir + ": the folder does not exist");
        }
        Path file = outDir.resolve(name);
        String target;
        try {
            target = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!target.matches("step-[0-9]{9,19}")) {
            throw new CheckpointException("pointer file " + file + " is corrupted: expected a name like "
                    + folderName(120) + ", found '" + abbreviate(target) + "'");
        }
        Path dir = outDir.resolve(CHECKPOINTS).resolve(target);
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("pointer file " + file + " names " + dir + ", which does not exist");
        }
        return Optional.of(dir);
    }

    private static String describeContents(Path dir) {
        try (var entries = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            entries.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            return names.isEmpty() ? "the folder is empty" : "the folder holds " + names;
        } catch (IOException e) {
            return "the folder cannot be listed (" + e.getMessage() + ")";
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and verifies a checkpoint folder: {@code checkpoint.json} must parse and carry this
     * format, every file in its manifest must have the recorded size and SHA-256, and the
     * safetensors files must decode. A missing optimiser file is not an error here (the result's
     * {@code optimizerTensors} is null); resuming from it is.
     *
     * @throws CheckpointException naming the folder or file and the problem
     */
    public static Loaded read(Path dir) throws CheckpointException {
        if (dir == null) {
            throw new IllegalArgumentException("checkpoint folder must not be null");
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint folder " + dir + " does not exist");
        }
        Path stateFile = dir.resolve(STATE_FILE);
        ObjectNode json = readJson(stateFile);
        if (!FORMAT.equals(json.path("format").asText(null))) {
            throw new CheckpointException("checkpoint file " + stateFile + " is not an rnn4j checkpoint: expected "
                    + "\"format\": \"" + FORMAT + "\", found " + json.get("format"));
        }
        int version = json.path("version").asInt(-1);
        if (version != VERSION) {
            throw new CheckpointException("checkpoint file " + stateFile + " has format version "
                    + json.get("version") + "; this rnn4j reads version " + VERSION);
        }
        if (!json.path("step").canConvertToLong() || json.path("step").asLong() < 0) {
            throw new CheckpointException("checkpoint file " + stateFile + " is corrupted: 'step' is "
                    + json.get("step") + ", expected a step count >= 0");
        }
        JsonNode files = json.get("files");
        if (files == null || !files.isObject()) {
            throw new CheckpointException("checkpoint file " + stateFile + " is corrupted: it has no 'files' manifest");
        }
        if (!files.has(WEIGHTS_FILE)) {
            throw new CheckpointException("checkpoint file " + stateFile + " lists no " + WEIGHTS_FILE);
        }
        Map<String, Tensor> weights = readVerified(dir, WEIGHTS_FILE, files.get(WEIGHTS_FILE));
        Map<String, Tensor> optimizer = null;
        if (files.has(OPTIMIZER_FILE) && Files.exists(dir.resolve(OPTIMIZER_FILE))) {
            optimizer = readVerified(dir, OPTIMIZER_FILE, files.get(OPTIMIZER_FILE));
        }
        Map<String, Tensor> snapshots = null;
        if (files.has(SNAPSHOTS_FILE)) {
            snapshots = readVerified(dir, SNAPSHOTS_FILE, files.get(SNAPSHOTS_FILE));
        }
        return new Loaded(dir, json, weights, optimizer, snapshots);
    }

    private static ObjectNode readJson(Path file) throws CheckpointException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint folder " + file.getParent() + " is incomplete: " + file.getFileName()
                    + " is missing");
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint file " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new CheckpointException("checkpoint file " + file + " is corrupted or truncated: expected a JSON "
                        + "object, found " + (node == null ? "nothing" : node.getNodeType()));
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted or truncated (not valid JSON: "
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Tensor> readVerified(Path dir, String name, JsonNode entry) throws CheckpointException {
        Path file = dir.resolve(name);
        if (entry == null || !entry.path("bytes").canConvertToLong() || !entry.path("sha256").isTextual()) {
            throw new CheckpointException("checkpoint file " + dir.resolve(STATE_FILE) + " is corrupted: the manifest "
                    + "entry of " + name + " lacks 'bytes' or 'sha256'");
        }
        long expectedSize = entry.get("bytes").asLong();
        String expectedHash = entry.get("sha256").asText();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint folder " + dir + " is incomplete: " + name + " is missing");
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint file " + file + ": " + e.getMessage(), e);
        }
        if (size != expectedSize) {
            throw new CheckpointException("checkpoint file " + file + " is truncated or corrupted: it has " + size
                    + " bytes, the checkpoint recorded " + expectedSize);
        }
        String hash = sha256(file);
        if (!hash.equals(expectedHash)) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: its SHA-256 is " + hash
                    + ", the checkpoint recorded " + expectedHash);
        }
        try {
            return SafeTensors.read(file).tensors();
        } catch (SafeTensorsFormatException e) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws CheckpointException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // the digest stream hashes as it reads
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code weights} holds exactly {@code model}'s parameters with their shapes, without
     * changing anything.
     *
     * @param source what to call the weights in messages (the file)
     * @throws CheckpointException naming the first missing, unexpected or differently shaped parameter
     */
    public static void checkFits(Map<String, Tensor> weights, Module model, String source) throws CheckpointException {
        Map<String, Tensor> own = model.namedParameters();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor saved = weights.get(e.getKey());
            if (saved == null) {
                throw new CheckpointException(source + " was saved from a different model: it has no parameter '"
                        + e.getKey() + "' (it has " + weights.keySet() + ")");
            }
            if (!Arrays.equals(saved.shape(), e.getValue().shape())) {
                throw new CheckpointException(source + " was saved from a different model: parameter '" + e.getKey()
                        + "' has shape " + Shape.str(saved.shape()) + " in the checkpoint but "
                        + Shape.str(e.getValue().shape()) + " in this model");
            }
        }
        for (String key : weights.keySet()) {
            if (!own.containsKey(key)) {
                throw new CheckpointException(source + " was saved from a different model: it has parameter '" + key
                        + "', which this model does not have (this model has " + own.keySet() + ")");
            }
        }
    }

    /**
     * Loads weights into {@code model} from a checkpoint folder (verified as by {@link #read(Path)}),
     * an output folder (its {@code model.safetensors} if training finished, else its latest
     * checkpoint), or a {@code .safetensors} file.
     *
     * @throws CheckpointException if the source is missing, corrupted or from a different model
     */
    public static void loadWeights(Path source, Module model) throws CheckpointException {
        if (source == null || model == null) {
            throw new IllegalArgumentException("loadWeights: source and model must not be null");
        }
        Map<String, Tensor> weights;
        String name;
        if (Files.isRegularFile(source)) {
            name = "weights file " + source;
            try {
                weights = SafeTensors.read(source).tensors();
            } catch (SafeTensorsFormatException e) {
                throw new CheckpointException("weights file " + source + " is corrupted: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new CheckpointException("cannot read weights file " + source + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(source.resolve(STATE_FILE))) {
            weights = read(source).weights();
            name = "checkpoint " + source.resolve(WEIGHTS_FILE);
        } else if (Files.isRegularFile(source.resolve(WEIGHTS_FILE))) {
            loadWeights(source.resolve(WEIGHTS_FILE), model);
            return;
        } else {
            loadWeights(latest(source), model);
            return;
        }
        checkFits(weights, model, name);
        model.loadStateDict(weights, true);
    }

    /**
     * The model config stored with a checkpoint folder, an output folder ({@code model.json} or the
     * latest checkpoint) or a {@code model.json} file.
     */
    public static JsonNode modelConfig(Path source) throws CheckpointException {
        if (source == null) {
            throw new IllegalArgumentException("source must not be null");
        }
        if (Files.isRegularFile(source)) {
            return readJson(source).path("model");
        }
        if (Files.isRegularFile(source.resolve(Trainer.MODEL_JSON))) {
            return readJson(source.resolve(Trainer.MODEL_JSON)).path("model");
        }
        if (Files.isRegularFile(source.resolve(STATE_FILE))) {
            return readJson(source.resolve(STATE_FILE)).path("model");
        }
        return readJson(latest(source).resolve(STATE_FILE)).path("model");
    }

    // ------------------------------------------------------------------ writing (the trainer's side)

    /**
     * Writes a checkpoint folder {@code outDir/checkpoints/step-N} atomically and returns it. The
     * manifest is added to {@code json}. Does not touch the pointer files.
     *
     * @param snapshots the epoch snapshots ({@link EpochSnapshots#toTensors()}), or null for none
     */
    static Path write(Path outDir, long step, Map<String, Tensor> weights, Map<String, Tensor> optimizerTensors,
                      Map<String, Tensor> snapshots, ObjectNode json) throws IOException {
        Path root = outDir.resolve(CHECKPOINTS);
        Files.createDirectories(root);
        Path target = root.resolve(folderName(step));
        Path temp = AtomicFiles.tempSibling(target);
        Files.createDirectory(temp);
        boolean moved = false;
        try {
            // Inside the hidden temporary folder no per-file rename is needed: the folder's own
            // rename is the atomic step. Each file is forced to disk, then the folder once.
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            writeTensors(temp.resolve(WEIGHTS_FILE), weights, meta);
            writeTensors(temp.resolve(OPTIMIZER_FILE), optimizerTensors, Map.of());
            List<String> names = new ArrayList<>(List.of(WEIGHTS_FILE, OPTIMIZER_FILE));
            if (snapshots != null) {
                writeTensors(temp.resolve(SNAPSHOTS_FILE), snapshots, Map.of());
                names.add(SNAPSHOTS_FILE);
            }
            ObjectNode files = json.putObject("files");
            for (String name : names) {
                Path file = temp.resolve(name);
                ObjectNode entry = files.putObject(name);
                entry.put("bytes", Files.size(file));
                entry.put("sha256", sha256(file));
            }
            AtomicFiles.writeDirect(temp.resolve(STATE_FILE), JSON.writeValueAsBytes(json));
            AtomicFiles.moveDirectory(temp, target);
            moved = true;
        } finally {
            if (!moved) {
                AtomicFiles.deleteTree(temp);
            }
        }
        return target;
    }

    /** Safetensors bytes straight into a new file, forced to disk (files over 2 GiB go through SafeTensors.write). */
    private static void writeTensors(Path file, Map<String, Tensor> tensors, Map<String, String> meta)
            throws IOException {
        byte[] bytes;
        try {
            bytes = SafeTensors.toBytes(tensors, meta);
        } catch (IllegalArgumentException tooLarge) {
            SafeTensors.write(file, tensors, meta);
            return;
        }
        AtomicFiles.writeDirect(file, bytes);
    }

    /** Points {@code outDir/name} at checkpoint folder {@code checkpoint}, atomically. */
    static void setPointer(Path outDir, String name, Path checkpoint) throws IOException {
        AtomicFiles.write(outDir.resolve(name),
                (checkpoint.getFileName().toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the pointer file {@code outDir/name} if present. */
    static void clearPointer(Path outDir, String name) throws IOException {
        Files.deleteIfExists(outDir.resolve(name));
        AtomicFiles.syncDirectory(outDir);
    }

    /**
     * Deletes step checkpoints other than the newest {@code keep} up to {@code latestStep} and the
     * ones in {@code protect}; folders beyond {@code latestStep} (left by an interrupted run that a
     * resume abandoned) go too. Temporary and trash leftovers are cleared.
     */
    static void prune(Path outDir, long latestStep, int keep, List<Path> protect) throws IOException {
        Path root = outDir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(root)) {
            return;
        }
        AtomicFiles.removeLeftovers(root);
        TreeMap<Long, Path> steps = new TreeMap<>();
        try (var entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (n.matches("step-[0-9]{9,19}") && Files.isDirectory(p)) {
                    steps.put(Long.parseLong(n.substring(5)), p);
                }
            }
        }
        int kept = 0;
        Iterator<Map.Entry<Long, Path>> it = steps.descendingMap().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Path> e = it.next();
            boolean isProtected = false;
            for (Path p : protect) {
                if (p != null && p.getFileName().equals(e.getValue().getFileName())) {
                    isProtected = true;
                }
            }
            if (e.getKey() > latestStep) {
                if (!isProtected) {
                    AtomicFiles.deleteDirectory(e.getValue());
                }
                continue;
            }
            if (kept < keep) {
                kept++;
                continue;
            }
            if (!isProtected) {
                AtomicFiles.deleteDirectory(e.getValue());
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
