package dev.rnn4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything about a run's progress that a resumed run needs, saved as the {@code trainer} object
 * of {@code checkpoint.json}. Doubles are written as JSON numbers in their shortest exact form
 * (NaN and infinities as strings), so they read back bit for bit.
 */
final class TrainerState {

    long seed;
    double baseLr;
    /** Epochs fully done (validation, logging and checkpoint included). */
    int epochsCompleted;
    /** Batches processed in the epoch in progress. */
    int batchesDone;
    /** Batches processed since the start of training. */
    long globalStep;

    Double best;
    int bestEpoch;
    long bestStep;
    String bestCheckpoint;
    int badEpochs;
    /** Early stopping ended the run. */
    boolean finished;
    String stopReason;

    // the epoch in progress: sums weighted by sequences
    double lossSum;
    long sequences;
    LinkedHashMap<String, Double> metricSums = new LinkedHashMap<>();
    int skipped;

    List<Map<String, Double>> history = new ArrayList<>();

    Map<String, String> scheduleState = new LinkedHashMap<>();
    String scheduleDescription = "";

    void resetEpochSums() {
        lossSum = 0;
        sequences = 0;
        metricSums = new LinkedHashMap<>();
        skipped = 0;
    }

    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("seed", seed);
        putDouble(o, "base_lr", baseLr);
        o.put("epochs_completed", epochsCompleted);
        o.put("batches_done_in_epoch", batchesDone);
        o.put("global_step", globalStep);
        if (best == null) {
            o.putNull("best_metric");
        } else {
            putDouble(o, "best_metric", best);
        }
        o.put("best_epoch", bestEpoch);
        o.put("best_step", bestStep);
        if (bestCheckpoint == null) {
            o.putNull("best_checkpoint");
        } else {
            o.put("best_checkpoint", bestCheckpoint);
        }
        o.put("early_stopping_bad_epochs", badEpochs);
        o.put("finished", finished);
        if (stopReason == null) {
            o.putNull("stop_reason");
        } else {
            o.put("stop_reason", stopReason);
        }
        ObjectNode sums = o.putObject("epoch_sums");
        putDouble(sums, "loss", lossSum);
        sums.put("sequences", sequences);
        sums.put("skipped_steps", skipped);
        ObjectNode ms = sums.putObject("metrics");
        for (Map.Entry<String, Double> e : metricSums.entrySet()) {
            putDouble(ms, e.getKey(), e.getValue());
        }
        ObjectNode schedule = o.putObject("schedule");
        schedule.put("description", scheduleDescription);
        ObjectNode ss = schedule.putObject("state");
        for (Map.Entry<String, String> e : scheduleState.entrySet()) {
            ss.put(e.getKey(), e.getValue());
        }
        ArrayNode h = o.putArray("history");
        for (Map<String, Double> epoch : history) {
            ObjectNode row = h.addObject();
            for (Map.Entry<String, Double> e : epoch.entrySet()) {
                putDouble(row, e.getKey(), e.getValue());
            }
        }
        return o;
    }

    /** Parses {@link #toJson()}; {@code file} names the source in errors. */
    static TrainerState fromJson(JsonNode o, String file) throws CheckpointException {
        if (o == null || !o.isObject()) {
            throw new CheckpointException("checkpoint file " + file + " has no 'trainer' state");
        }
        TrainerState s = new TrainerState();
        s.seed = longField(o, "seed", file);
        s.baseLr = doubleField(o, "base_lr", file);
        s.epochsCompleted = (int) countField(o, "epochs_completed", file);
        s.batchesDone = (int) countField(o, "batches_done_in_epoch", file);
        s.globalStep = countField(o, "global_step", file);
        JsonNode best = field(o, "best_metric", file);
        s.best = best.isNull() ? null : doubleField(o, "best_metric", file);
        s.bestEpoch = (int) countField(o, "best_epoch", file);
        s.bestStep = countField(o, "best_step", file);
        JsonNode bc = field(o, "best_checkpoint", file);
        s.bestCheckpoint = bc.isNull() ? null : bc.asText();
        if (s.bestCheckpoint != null && !s.bestCheckpoint.matches("step-[0-9]{9,19}")) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: trainer.best_checkpoint is '"
                    + s.bestCheckpoint + "'");
        }
        s.badEpochs = (int) countField(o, "early_stopping_bad_epochs", file);
        JsonNode finished = field(o, "finished", file);
        if (!finished.isBoolean()) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: trainer.finished is " + finished);
        }
        s.finished = finished.asBoolean();
        JsonNode reason = field(o, "stop_reason", file);
        s.stopReason = reason.isNull() ? null : reason.asText();
        JsonNode sums = field(o, "epoch_sums", file);
        s.lossSum = doubleField(sums, "loss", file);
        s.sequences = countField(sums, "sequences", file);
        s.skipped = (int) countField(sums, "skipped_steps", file);
        JsonNode ms = field(sums, "metrics", file);
        for (Iterator<String> it = ms.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            s.metricSums.put(k, doubleField(ms, k, file));
        }
        JsonNode schedule = field(o, "schedule", file);
        s.scheduleDescription = field(schedule, "description", file).asText();
        JsonNode ss = field(schedule, "state", file);
        for (Iterator<String> it = ss.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            s.scheduleState.put(k, ss.get(k).asText());
        }
        JsonNode h = field(o, "history", file);
        if (!h.isArray()) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: trainer.history is not a list");
        }
        for (JsonNode row : h) {
            Map<String, Double> epoch = new LinkedHashMap<>();
            for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                epoch.put(k, doubleField(row, k, file));
            }
            s.history.add(epoch);
        }
        return s;
    }

    static void putDouble(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.put(key, Double.toString(v));
        }
    }

    private static JsonNode field(JsonNode o, String key, String file) throws CheckpointException {
        JsonNode v = o.get(key);
        if (v == null) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: the trainer state lacks '" + key + "'");
        }
        return v;
    }

    private static long longField(JsonNode o, String key, String file) throws CheckpointException {
        JsonNode v = field(o, key, file);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: trainer state '" + key
                    + "' is " + v + ", expected an integer");
        }
        return v.asLong();
    }

    private static long countField(JsonNode o, String key, String file) throws CheckpointException {
        long n = longField(o, key, file);
        if (n < 0 || n > Integer.MAX_VALUE && !key.equals("global_step") && !key.equals("sequences")
                && !key.equals("best_step")) {
            throw new CheckpointException("checkpoint file " + file + " is corrupted: trainer state '" + key
                    + "' is " + n + ", expected a count >= 0");
        }
        return n;
    }

    static double doubleField(JsonNode o, String key, String file) throws CheckpointException {
        JsonNode v = field(o, key, file);
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            switch (v.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new CheckpointException("checkpoint file " + file + " is corrupted: '" + key + "' is " + v
                + ", expected a number");
    }
}
