package dev.rnn4j.speech.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.text.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Mean and variance normalisation of features (T, F), per feature column f:
 * y[t][f] = (x[t][f] − μ_f) / √(σ²_f + ε), ε = {@value #EPSILON}, with the population variance
 * σ²_f = mean over frames of (x − μ_f)². A constant column becomes zeros, never NaN.
 *
 * <ul>
 *   <li>{@link #perUtterance(float[][])}: μ and σ² from the utterance itself (cepstral mean and
 *       variance normalisation), which removes per-speaker and per-channel level differences;</li>
 *   <li>{@link #fit(Iterable)} then {@link #apply(float[][])}: μ and σ² over every frame of a
 *       training set, applied unchanged to every utterance (training and test).</li>
 * </ul>
 *
 * <p>Statistics are accumulated in double precision with Welford's update, so long sets of large
 * values lose no accuracy. {@link #save(Path)} and {@link #load(Path)} keep global statistics with a
 * model, as JSON {@code {"mean": [...], "variance": [...]}}.
 */
public final class FeatureNormalizer {
    /** Added to the variance before the square root. */
    public static final double EPSILON = 1e-10;

    private final double[] mean;
    private final double[] scale;

    /**
     * A normaliser with given statistics.
     *
     * @param mean μ, one per feature
     * @param variance σ², one per feature, each non-negative
     */
    public FeatureNormalizer(double[] mean, double[] variance) {
        if (mean == null || variance == null || mean.length != variance.length || mean.length == 0) {
            throw new IllegalArgumentException("mean, variance: expected two arrays of the same positive length, got "
                    + (mean == null ? "null" : mean.length) + " and " + (variance == null ? "null" : variance.length));
        }
        this.mean = mean.clone();
        this.scale = new double[variance.length];
        for (int f = 0; f < variance.length; f++) {
            if (!(variance[f] >= 0) || !Double.isFinite(mean[f]) || Double.isInfinite(variance[f])) {
                throw new IllegalArgumentException("mean, variance: expected finite values and variance >= 0, got mean "
                        + mean[f] + " and variance " + variance[f] + " for feature " + f);
            }
            scale[f] = 1.0 / Math.sqrt(variance[f] + EPSILON);
        }
    }

    /**
     * The global statistics of every frame of {@code utterances}.
     *
     * @param utterances feature matrices (T_i, F), all with the same F, at least one frame in all
     */
    public static FeatureNormalizer fit(Iterable<float[][]> utterances) {
        if (utterances == null) {
            throw new IllegalArgumentException("utterances: expected feature matrices, got null");
        }
        double[] mean = null;
        double[] m2 = null;
        long count = 0;
        int index = 0;
        for (float[][] features : utterances) {
            for (float[] frame : checked(features, "utterance " + index)) {
                if (mean == null) {
                    mean = new double[frame.length];
                    m2 = new double[frame.length];
                } else if (frame.length != mean.length) {
                    throw new IllegalArgumentException("utterances: expected " + mean.length
                            + " features per frame, got "
                            + frame.length + " in utterance " + index);
                }
                count++;
                for (int f = 0; f < frame.length; f++) {
                    double delta = frame[f] - mean[f];
                    mean[f] += delta / count;
                    m2[f] += delta * (frame[f] - mean[f]);
                }
            }
            index++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("utterances: expected at least one frame, got none");
        }
        double[] variance = new double[mean.length];
        for (int f = 0; f < mean.length; f++) {
            variance[f] = m2[f] / count;
        }
        return new FeatureNormalizer(mean, variance);
    }

    /** {@code features} (T, F) normalised by their own statistics; the input is not changed. */
    public static float[][] perUtterance(float[][] features) {
        return fit(java.util.Collections.singletonList(checked(features, "features"))).apply(features);
    }

    /** {@code features} (T, F) normalised by these statistics; the input is not changed. */
    public float[][] apply(float[][] features) {
        float[][] out = new float[checked(features, "features").length][];
        for (int t = 0; t < features.length; t++) {
            if (features[t].length != mean.length) {
                throw new IllegalArgumentException("features: expected " + mean.length + " features per frame, got "
                        + features[t].length + " in frame " + t);
            }
            out[t] = new float[mean.length];
            for (int f = 0; f < mean.length; f++) {
                out[t][f] = (float) ((features[t][f] - mean[f]) * scale[f]);
            }
        }
        return out;
    }

    /** μ, one per feature (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** σ², one per feature (a copy). */
    public double[] variance() {
        double[] variance = new double[scale.length];
        for (int f = 0; f < scale.length; f++) {
            variance[f] = 1.0 / (scale[f] * scale[f]) - EPSILON;
        }
        return variance;
    }

    /** Writes μ and σ² to {@code file} as JSON (doubles in full precision), replacing it. */
    public void save(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a JSON file, got null");
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode means = root.putArray("mean");
        Arrays.stream(mean).forEach(means::add);
        ArrayNode variances = root.putArray("variance");
        Arrays.stream(variance()).forEach(variances::add);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /**
     * Reads statistics written by {@link #save(Path)}.
     *
     * @throws DataFormatException naming the file if it is missing, not JSON, or lacks equal-length
     *     numeric {@code mean} and {@code variance} arrays with finite values and variances >= 0
     */
    public static FeatureNormalizer load(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a JSON file, got null");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read feature statistics: " + e.getMessage(), e);
        }
        double[] mean = numbers(file, root, "mean");
        double[] variance = numbers(file, root, "variance");
        try {
            return new FeatureNormalizer(mean, variance);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, 0, e.getMessage(), e);
        }
    }

    private static double[] numbers(Path file, JsonNode root, String field) {
        JsonNode array = root == null ? null : root.get(field);
        if (array == null || !array.isArray()) {
            throw new DataFormatException(file, 0, "expected a JSON object with a '" + field + "' array");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!array.get(i).isNumber()) {
                throw new DataFormatException(file, 0, "'" + field + "'[" + i + "]: expected a number, got "
                        + array.get(i));
            }
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static float[][] checked(float[][] features, String name) {
        if (features == null) {
            throw new IllegalArgumentException(name + ": expected a (T, F) feature matrix, got null");
        }
        for (int t = 0; t < features.length; t++) {
            if (features[t] == null) {
                throw new IllegalArgumentException(name + ": frame " + t + " is null");
            }
        }
        return features;
    }

    @Override
    public String toString() {
        return "FeatureNormalizer[" + mean.length + " features, mean " + Arrays.toString(mean) + "]";
    }
}
