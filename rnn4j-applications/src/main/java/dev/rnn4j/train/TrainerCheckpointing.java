package dev.rnn4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.nn.Module;
import dev.rnn4j.optim.Optimizer;
import dev.rnn4j.tensor.Rng;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Trainer}'s output folder: preparing it for a fresh run, resuming from its latest
 * checkpoint (everything validated against this run's model, optimiser, schedule and generators
 * before anything is restored), writing checkpoints with the {@code latest}/{@code best} pointers
 * and pruning old ones ({@link Checkpoints} defines the folder), and the final
 * {@code model.safetensors} with {@code model.json}.
 */
final class TrainerCheckpointing {

    private final Module model;
    private final Optimizer optimizer;
    private final TrainerSchedule schedule;
    /** The output folder, or null when nothing is written. */
    private final Path outDir;
    /** False when the folder is only read (a resume) and nothing is written to it. */
    private final boolean writes;
    private final int keepCheckpoints;
    private final LinkedHashMap<String, Rng> rngs;
    private final JsonNode modelConfig;
    /** The kept epochs' parameters when averaging neighbouring epochs, else null. */
    private final EpochSnapshots snapshots;
    private final PrintStream out;

    private Path lastCheckpoint;

    TrainerCheckpointing(Module model, Optimizer optimizer, TrainerSchedule schedule, Path outDir, boolean writes,
                         int keepCheckpoints, Map<String, Rng> rngs, JsonNode modelConfig, EpochSnapshots snapshots,
                         PrintStream out) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.outDir = outDir;
        this.writes = writes;
        this.keepCheckpoints = keepCheckpoints;
        this.rngs = new LinkedHashMap<>(rngs);
        this.modelConfig = modelConfig;
        this.snapshots = snapshots;
        this.out = out;
    }

    /** Whether anything is written: an output folder that is not only read. */
    boolean writes() {
        return outDir != null && writes;
    }

    /** The last checkpoint written or resumed from, or null. */
    Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /**
     * Prepares the output folder for a fresh run: removes what a run that never completed a
     * checkpoint left behind.
     *
     * @throws IllegalArgumentException if the folder already holds a run
     */
    void startFresh() throws IOException {
        if (!writes) {
            return;
        }
        Files.createDirectories(outDir);
        if (Files.exists(outDir.resolve(Checkpoints.LATEST))) {
            throw new IllegalArgumentException(outDir + " already holds a training run (" + Checkpoints.LATEST
                    + " → " + Files.readString(outDir.resolve(Checkpoints.LATEST), StandardCharsets.UTF_8).trim()
                    + "); pass --resume to continue it, or choose another --out folder");
        }
        // no 'latest': anything here is from a run that never completed a checkpoint
        AtomicFiles.removeLeftovers(outDir);
        AtomicFiles.deleteDirectory(outDir.resolve(Checkpoints.CHECKPOINTS));
        for (String stale : List.of(Checkpoints.BEST, Trainer.MODEL_FILE, Trainer.MODEL_JSON)) {
            Files.deleteIfExists(outDir.resolve(stale));
        }
    }

    /**
     * Restores the model, optimiser, schedule, generators and epoch snapshots from the output
     * folder's latest checkpoint; call {@link #tidyAfterResume} once the metric log is open.
     *
     * @param seed this run's seed (the checkpoint's wins, with a warning when they differ)
     * @return the checkpoint's trainer state
     * @throws CheckpointException if there is no checkpoint or it does not fit this run
     */
    TrainerState resume(long seed) throws IOException {
        if (!Files.isDirectory(outDir)) {
            throw new CheckpointException("--resume: no checkpoint in " + outDir + ": the folder does not exist");
        }
        Path dir;
        try {
            dir = Checkpoints.latest(outDir);
        } catch (CheckpointException e) {
            throw new CheckpointException("--resume: " + e.getMessage(), e);
        }
        TrainerState state = restore(dir, seed);
        lastCheckpoint = dir;
        return state;
    }

    /**
     * After {@link #resume}: prunes checkpoints beyond the resumed one, removes leftovers and
     * repairs the {@code best} pointer from the checkpoint's state.
     */
    void tidyAfterResume(TrainerState state) throws IOException {
        if (!writes) {
            out.println("following " + lastCheckpoint + " (epoch " + (state.epochsCompleted + 1) + ", step "
                    + state.globalStep + ")");
            return;
        }
        Path best = bestPath(state);
        Checkpoints.prune(outDir, state.globalStep, keepCheckpoints, bestList(best));
        AtomicFiles.removeLeftovers(outDir);
        // the checkpoint's state is authoritative; a crash between pointer updates is repaired here
        if (best != null && Files.isDirectory(best)) {
            Checkpoints.setPointer(outDir, Checkpoints.BEST, best);
        } else {
            Checkpoints.clearPointer(outDir, Checkpoints.BEST);
        }
        out.println("resuming from " + lastCheckpoint + " (epoch " + (state.epochsCompleted + 1) + ", step "
                + state.globalStep + ")");
    }

    /** Validates everything in checkpoint {@code dir} against this setup, then restores it. */
    private TrainerState restore(Path dir, long seed) throws IOException {
        Checkpoints.Loaded c = Checkpoints.read(dir);
        String stateFile = dir.resolve(Checkpoints.STATE_FILE).toString();
        Checkpoints.checkFits(c.weights(), model, "checkpoint " + dir.resolve(Checkpoints.WEIGHTS_FILE));
        JsonNode optimizerJson = c.json().get("optimizer");
        if (c.optimizerTensors() == null || optimizerJson == null || !optimizerJson.isObject()) {
            throw new CheckpointException("checkpoint " + dir + " has no optimizer state ("
                    + (c.optimizerTensors() == null ? Checkpoints.OPTIMIZER_FILE + " is missing"
                    : "'optimizer' is missing from " + Checkpoints.STATE_FILE)
                    + "), so training cannot resume from it; its weights can still be loaded with "
                    + "Checkpoints.loadWeights");
        }
        Map<String, String> optimizerScalars = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = optimizerJson.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            optimizerScalars.put(e.getKey(), e.getValue().asText());
        }
        TrainerState restored = TrainerState.fromJson(c.json().get("trainer"), stateFile);
        Map<String, Long> rngStates = readRngStates(c.json().get("rng"), stateFile);
        if (!restored.scheduleDescription.equals(schedule.describe())) {
            System.err.println("warning: the checkpoint was trained with schedule " + restored.scheduleDescription
                    + ", this run uses " + schedule.describe());
        }
        String savedThreads = c.json().path("environment").path(KernelThreads.PROPERTY).asText(null);
        if (savedThreads != null && !savedThreads.equals(threadSetting())) {
            System.err.println("warning: the checkpoint was written with " + KernelThreads.PROPERTY + " = "
                    + savedThreads + ", this run has " + threadSetting() + "; results are bit-identical only for the "
                    + "same thread count");
        }
        if (restored.seed != seed) {
            System.err.println("warning: the checkpoint's run used seed " + restored.seed + ", not " + seed
                    + "; continuing with " + restored.seed + " so the data order stays the same");
        }
        schedule.restore(restored, stateFile);
        try {
            optimizer.loadState(c.optimizerTensors(), optimizerScalars);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + dir + " does not fit this optimizer: " + e.getMessage(), e);
        }
        if (snapshots != null) {
            if (c.snapshots() != null) {
                snapshots.restore(c.snapshots(), dir.resolve(Checkpoints.SNAPSHOTS_FILE).toString());
            } else if (restored.epochsCompleted > 0) {
                System.err.println("warning: checkpoint " + dir + " holds no epoch snapshots, so the epochs before it"
                        + " cannot be averaged with their neighbours; the result may differ from an uninterrupted run");
            }
        }
        model.loadStateDict(c.weights(), true);
        for (Map.Entry<String, Long> e : rngStates.entrySet()) {
            rngs.get(e.getKey()).setState(e.getValue());
        }
        restored.scheduleDescription = schedule.describe();
        return restored;
    }

    /**
     * The saved state of every registered generator, by name.
     *
     * @throws CheckpointException unless the checkpoint holds exactly the registered generators
     */
    private Map<String, Long> readRngStates(JsonNode rngJson, String stateFile) throws CheckpointException {
        if (rngJson == null || !rngJson.isObject()) {
            throw new CheckpointException("checkpoint file " + stateFile + " has no 'rng' generator states");
        }
        Map<String, Long> rngStates = new LinkedHashMap<>();
        for (String name : rngs.keySet()) {
            JsonNode v = rngJson.get(name);
            if (v == null) {
                List<String> saved = new ArrayList<>();
                rngJson.fieldNames().forEachRemaining(saved::add);
                throw new CheckpointException("checkpoint file " + stateFile + " has no state for generator '" + name
                        + "' (it has " + saved + "); register the same generators as the run that wrote it");
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new CheckpointException("checkpoint file " + stateFile + " is corrupted: generator '" + name
                        + "' state is " + v);
            }
            rngStates.put(name, v.asLong());
        }
        for (Iterator<String> it = rngJson.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!rngs.containsKey(name)) {
                throw new CheckpointException("checkpoint file " + stateFile + " has a state for generator '" + name
                        + "', which this run does not register (it registers " + rngs.keySet() + ")");
            }
        }
        return rngStates;
    }

    /** The kernels' thread setting as the checkpoint records it. */
    private static String threadSetting() {
        return KernelThreads.describe();
    }

    private static List<Path> bestList(Path best) {
        List<Path> list = new ArrayList<>();
        if (best != null) {
            list.add(best);
        }
        return list;
    }

    /** The best checkpoint's folder per {@code state}, or null (none yet, or no output folder). */
    Path bestPath(TrainerState state) {
        return state.bestCheckpoint == null || outDir == null ? null
                : outDir.resolve(Checkpoints.CHECKPOINTS).resolve(state.bestCheckpoint);
    }

    /**
     * Writes a checkpoint of the run as {@code state} describes it, points {@code latest} (and
     * {@code best} if {@code improved}) at it and prunes old ones.
     *
     * @return the checkpoint folder, or null without an output folder
     * @throws CheckpointException if it cannot be written (a full disk, a read-only folder), naming the
     *                             file and the last complete checkpoint, which stays as it was
     */
    Path write(TrainerState state, boolean improved) throws IOException {
        if (!writes()) {
            return null;
        }
        String previousBest = state.bestCheckpoint;
        try {
            return writeCheckpoint(state, improved);
        } catch (IOException e) {
            state.bestCheckpoint = previousBest;
            throw new CheckpointException("cannot write checkpoint " + Checkpoints.folderName(state.globalStep) + " in "
                    + outDir + ": " + AtomicFiles.describe(e) + "; " + resumeAdvice(), e);
        }
    }

    /**
     * A failure to write the output folder (the metric log, the final model files) as an exception
     * that also says what a resumed run can start from.
     */
    IOException stoppedBy(IOException e) {
        if (e instanceof CheckpointException || outDir == null) {
            return e;
        }
        return new IOException("cannot write the training folder " + outDir + ": " + AtomicFiles.describe(e) + "; "
                + resumeAdvice(), e);
    }

    /** What is left to resume from after a failed write. */
    private String resumeAdvice() {
        return lastCheckpoint == null
                ? "no checkpoint was completed, so the run starts again once the folder can be written"
                : "the last complete checkpoint, " + lastCheckpoint + ", is intact: free space on the disk or make the"
                + " folder writable, then rerun with --resume";
    }

    private Path writeCheckpoint(TrainerState state, boolean improved) throws IOException {
        if (improved) {
            state.bestCheckpoint = Checkpoints.folderName(state.globalStep);
        }
        state.scheduleState = schedule.state();
        ObjectNode json = Checkpoints.JSON.createObjectNode();
        json.put("format", Checkpoints.FORMAT);
        json.put("version", Checkpoints.VERSION);
        json.put("step", state.globalStep);
        json.set("model", modelConfig == null ? Checkpoints.JSON.createObjectNode() : modelConfig.deepCopy());
        json.set("trainer", state.toJson());
        ObjectNode optimizerJson = json.putObject("optimizer");
        for (Map.Entry<String, String> e : optimizer.stateScalars().entrySet()) {
            optimizerJson.put(e.getKey(), e.getValue());
        }
        ObjectNode rngJson = json.putObject("rng");
        for (Map.Entry<String, Rng> e : rngs.entrySet()) {
            rngJson.put(e.getKey(), e.getValue().state());
        }
        json.putObject("environment").put(KernelThreads.PROPERTY, threadSetting());
        Path dir = Checkpoints.write(outDir, state.globalStep, model.stateDict(), optimizer.stateTensors(),
                snapshots == null ? null : snapshots.toTensors(), json);
        Checkpoints.setPointer(outDir, Checkpoints.LATEST, dir);
        // from here a resume starts at dir, even if the best pointer or pruning fails
        lastCheckpoint = dir;
        Path best = bestPath(state);
        if (improved) {
            Checkpoints.setPointer(outDir, Checkpoints.BEST, dir);
        }
        Checkpoints.prune(outDir, state.globalStep, keepCheckpoints, bestList(best));
        return dir;
    }

    /**
     * Writes {@code model.safetensors} (the model's weights as they are, PyTorch names) and
     * {@code model.json} (the model config and a training summary); nothing without an output folder.
     *
     * @param restoredBest whether the weights are the best epoch's rather than the last
     * @param averaging    what epoch averaging kept, or null
     * @param monitor      the monitored metric, or null
     */
    void writeModelFiles(TrainerState state, String reason, boolean restoredBest, EpochSnapshots.Averaging averaging,
                         String monitor, Mode mode) throws IOException {
        if (!writes()) {
            return;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        try {
            SafeTensors.write(outDir.resolve(Trainer.MODEL_FILE), model.stateDict(), meta);
        } catch (IOException e) {
            throw AtomicFiles.naming(outDir.resolve(Trainer.MODEL_FILE), e);
        }
        ObjectNode json = Checkpoints.JSON.createObjectNode();
        json.set("model", modelConfig == null ? Checkpoints.JSON.createObjectNode() : modelConfig.deepCopy());
        ObjectNode training = json.putObject("training");
        training.put("weights", restoredBest ? "best" : "last");
        if (averaging != null && averaging.keptOther() != 0) {
            training.put("epoch_average", averaging.kept());
        }
        training.put("epochs_completed", state.epochsCompleted);
        training.put("steps", state.globalStep);
        training.put("seed", state.seed);
        training.put("stop_reason", reason);
        if (monitor != null) {
            training.put("monitor", monitor);
            training.put("mode", mode.name().toLowerCase(Locale.ROOT));
            if (state.best != null) {
                TrainerState.putDouble(training, "best_value", state.best);
                training.put("best_epoch", state.bestEpoch);
            }
        }
        if (!state.history.isEmpty()) {
            ObjectNode last = training.putObject("last_epoch");
            for (Map.Entry<String, Double> e : state.history.get(state.history.size() - 1).entrySet()) {
                TrainerState.putDouble(last, e.getKey(), e.getValue());
            }
        }
        AtomicFiles.write(outDir.resolve(Trainer.MODEL_JSON), Checkpoints.JSON.writeValueAsBytes(json));
    }
}
