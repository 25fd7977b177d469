package dev.rnn4j.train;

import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The parameters after the best epoch so far and after its neighbours, and the choice at the end
 * of training between the best epoch and its mean with a neighbour (weight averaging of adjacent
 * epochs: the mean of two nearby points of one training run often generalises a little better
 * than either, as in stochastic weight averaging, Izmailov et al. 2018).
 *
 * <p>After every epoch {@link #record} keeps a copy of the parameters and drops every epoch other
 * than the newest that is more than one epoch away from the best so far, so at most four copies
 * exist at a time (best − 1, best, best + 1 and the newest). At the end {@link #average} tries the
 * mean of the best epoch with the next epoch, then with the previous one, and keeps a mean only
 * if its monitored score is strictly better than everything tried before it.
 *
 * <p>The {@link Trainer} keeps one when built with {@link Trainer.Builder#averageNeighbourEpochs},
 * saves it with every checkpoint ({@value Checkpoints#SNAPSHOTS_FILE}, parameters named
 * {@code epoch-N/NAME}) and restores it on resume, so a resumed run chooses exactly as an
 * uninterrupted one. Not thread-safe.
 */
public final class EpochSnapshots {

    /** Prefix of a snapshot's parameter names in a checkpoint: {@code epoch-3/fc.weight}. */
    static final String PREFIX = "epoch-";

    private final TreeMap<Integer, Map<String, Tensor>> byEpoch = new TreeMap<>();

    /**
     * One mean tried at the end.
     *
     * @param otherEpoch the neighbour averaged with the best epoch
     * @param value      the monitored score of the mean
     */
    public record Trial(int otherEpoch, double value) {
    }

    /**
     * What {@link #average} chose.
     *
     * @param bestEpoch  the best epoch (1-based)
     * @param bestValue  the best epoch's score, measured again before averaging
     * @param trials     the means tried, in order (next epoch first)
     * @param keptOther  the neighbour whose mean with the best epoch was kept, or 0 for the best epoch alone
     * @param keptValue  the score of the kept parameters
     */
    public record Averaging(int bestEpoch, double bestValue, List<Trial> trials, int keptOther, double keptValue) {

        public Averaging {
            trials = List.copyOf(trials);
        }

        /** The kept parameters in words: {@code epoch 3} or {@code epochs 3 and 4}. */
        public String kept() {
            return keptOther == 0 ? "epoch " + bestEpoch : "epochs " + bestEpoch + " and " + keptOther;
        }
    }

    /**
     * Keeps a copy of {@code parameters} as epoch {@code epoch}'s, then drops every other epoch more
     * than one epoch away from {@code bestEpoch}.
     *
     * @param epoch      the epoch just completed, 1-based
     * @param bestEpoch  the best epoch so far, this one included (0 if none)
     * @param parameters the model's parameters by name (copied)
     */
    public void record(int epoch, int bestEpoch, Map<String, Tensor> parameters) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch: expected a 1-based epoch, got " + epoch);
        }
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters: expected the model's parameters, got "
                    + (parameters == null ? "null" : "none"));
        }
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            copy.put(e.getKey(), e.getValue().copy());
        }
        byEpoch.put(epoch, copy);
        byEpoch.keySet().removeIf(e -> e != epoch && Math.abs(e - bestEpoch) > 1);
    }

    /** Epoch {@code epoch}'s parameters (read only), or null when not kept. */
    public Map<String, Tensor> get(int epoch) {
        Map<String, Tensor> state = byEpoch.get(epoch);
        return state == null ? null : Collections.unmodifiableMap(state);
    }

    /** The epochs kept, ascending. */
    public List<Integer> epochs() {
        return List.copyOf(byEpoch.keySet());
    }

    /**
     * The element-wise mean {@code 0.5 (a + b)} in single precision of two parameter sets with the
     * same names and shapes.
     *
     * @throws IllegalArgumentException if a name of {@code a} is missing from {@code b} or its size differs
     */
    public static Map<String, Tensor> mean(Map<String, Tensor> a, Map<String, Tensor> b) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            Tensor other = b.get(e.getKey());
            if (other == null || other.numel() != e.getValue().numel()) {
                throw new IllegalArgumentException("mean: parameter '" + e.getKey() + "' has "
                        + e.getValue().numel() + " values in the first set and "
                        + (other == null ? "is missing from" : other.numel() + " values in") + " the second");
            }
            float[] x = e.getValue().toFloatArray();
            float[] y = other.toFloatArray();
            for (int i = 0; i < x.length; i++) {
                x[i] = 0.5f * (x[i] + y[i]);
            }
            out.put(e.getKey(), Tensor.of(x, e.getValue().shape()));
        }
        return out;
    }

    /**
     * Chooses between the best epoch and its means with the next and the previous epoch, and loads
     * the choice into {@code model}. The model must hold the best epoch's parameters when called.
     *
     * @param model     the model, holding the best epoch's parameters
     * @param bestEpoch the best epoch, 1-based; its snapshot must be kept
     * @param mode      whether the score improves upwards or downwards
     * @param score     the monitored score of the model's current parameters (validation)
     * @return what was tried and kept
     * @throws IllegalArgumentException if the best epoch's snapshot is not kept
     */
    public Averaging average(Module model, int bestEpoch, Mode mode, ToDoubleFunction<Module> score) {
        Map<String, Tensor> best = byEpoch.get(bestEpoch);
        if (best == null) {
            throw new IllegalArgumentException("bestEpoch: epoch " + bestEpoch + " is not kept (kept: " + epochs()
                    + ")");
        }
        double bestValue = score.applyAsDouble(model);
        double keptValue = bestValue;
        Map<String, Tensor> chosen = best;
        int keptOther = 0;
        List<Trial> trials = new ArrayList<>();
        for (int other : new int[] {bestEpoch + 1, bestEpoch - 1}) {
            Map<String, Tensor> neighbour = byEpoch.get(other);
            if (neighbour == null) {
                continue;
            }
            Map<String, Tensor> mean = mean(best, neighbour);
            model.loadStateDict(mean, true);
            double value = score.applyAsDouble(model);
            trials.add(new Trial(other, value));
            if (mode.improves(value, keptValue, 0)) {
                keptValue = value;
                chosen = mean;
                keptOther = other;
            }
        }
        model.loadStateDict(chosen, true);
        return new Averaging(bestEpoch, bestValue, trials, keptOther, keptValue);
    }

    /** Every kept parameter under {@code epoch-N/NAME}, for a checkpoint. */
    Map<String, Tensor> toTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, Tensor>> epoch : byEpoch.entrySet()) {
            for (Map.Entry<String, Tensor> e : epoch.getValue().entrySet()) {
                out.put(PREFIX + epoch.getKey() + "/" + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Replaces what is kept by the snapshots read from a checkpoint ({@link #toTensors()}'s names).
     *
     * @param file names the checkpoint file in errors
     * @throws CheckpointException if a name is not {@code epoch-N/NAME}
     */
    void restore(Map<String, Tensor> tensors, String file) throws CheckpointException {
        TreeMap<Integer, Map<String, Tensor>> read = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            int slash = name.indexOf('/');
            int epoch;
            try {
                if (!name.startsWith(PREFIX) || slash < 0) {
                    throw new NumberFormatException(name);
                }
                epoch = Integer.parseInt(name.substring(PREFIX.length(), slash));
            } catch (NumberFormatException bad) {
                throw new CheckpointException("checkpoint file " + file + " is corrupted: expected tensors named "
                        + PREFIX + "N/NAME, found '" + name + "'");
            }
            read.computeIfAbsent(epoch, k -> new LinkedHashMap<>()).put(name.substring(slash + 1), e.getValue());
        }
        byEpoch.clear();
        byEpoch.putAll(read);
    }
}
