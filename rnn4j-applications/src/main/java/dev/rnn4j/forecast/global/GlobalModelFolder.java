package dev.rnn4j.forecast.global;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.ModelFolderException;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.forecast.ModelConfigFile;
import dev.rnn4j.io.ReplaceFile;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model folder of a {@link GlobalForecastModel}: {@code weights.safetensors} (PyTorch parameter names of
 * {@link ForecastNetwork}) and {@code config.json} with {@code "task": "global-forecast"}, the network settings,
 * the quantile levels of a probabilistic forecaster (absent or empty for a point forecaster), the fitted
 * {@link WindowFeatures} (lookback, horizon, scaling, log, covariate means and standard deviations, groups), the
 * file columns when known, and the training facts.
 */
final class GlobalModelFolder {
    static final String WEIGHTS = "weights.safetensors";
    static final String CONFIG = "config.json";

    private GlobalModelFolder() {
    }

    static void save(GlobalForecastModel model, Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("dir: expected a folder, got null");
        }
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.network().stateDict());
        SafeTensors.write(dir.resolve(WEIGHTS), tensors, Map.of("task", GlobalForecastModel.TASK, "format",
                Integer.toString(GlobalForecastModel.FORMAT)));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ReplaceFile.write(dir.resolve(CONFIG), json.writeValueAsBytes(toJson(model, json)));
    }

    private static ObjectNode toJson(GlobalForecastModel model, ObjectMapper json) {
        ObjectNode c = json.createObjectNode();
        c.put("task", GlobalForecastModel.TASK).put("format", GlobalForecastModel.FORMAT);
        PanelColumns columns = model.columns();
        if (columns != null) {
            ObjectNode d = c.putObject("columns");
            d.put("id", columns.id()).put("time", columns.time()).put("target", columns.target())
                    .put("group", columns.group());
            columns.covariates().forEach(d.putArray("covariates")::add);
        }
        ObjectNode m = c.putObject("model");
        m.put("cell", model.cell().name()).put("hidden", model.hidden()).put("layers", model.layers())
                .put("dropout", model.dropout()).put("period", model.period());
        model.quantiles().forEach(m.putArray("quantiles")::add);
        WindowFeatures f = model.features();
        m.put("features", f.featureCount());
        f.featureNames().forEach(m.putArray("feature_names")::add);
        ObjectNode w = c.putObject("windows");
        w.put("lookback", f.lookback()).put("horizon", f.horizon()).put("normalisation", f.normalisation().name())
                .put("log", f.log()).put("drift", f.drift());
        ArrayNode covariates = w.putArray("covariates");
        double[] means = f.covariateMeans();
        double[] stds = f.covariateStds();
        for (int i = 0; i < means.length; i++) {
            covariates.addObject().put("name", f.covariateNames().get(i)).put("mean", means[i]).put("std", stds[i]);
        }
        f.groups().forEach(w.putArray("groups")::add);
        c.set("training", model.trainingInfo());
        return c;
    }

    static GlobalForecastModel load(Path dir) throws IOException {
        JsonNode c = ModelConfigFile.read(dir, CONFIG);
        Path configFile = dir.resolve(CONFIG);
        String task = c == null ? null : c.path("task").asText(null);
        if (!GlobalForecastModel.TASK.equals(task)) {
            throw new ModelFolderException(configFile + ": this folder holds a model for task '" + task
                    + "', not a global forecaster (task '" + GlobalForecastModel.TASK + "'); train one with "
                    + "'rnn4j forecast train --panel'");
        }
        if (c.path("format").asInt(-1) != GlobalForecastModel.FORMAT) {
            throw new ModelFolderException(configFile + ": format " + c.path("format") + " is not supported (expected "
                    + GlobalForecastModel.FORMAT + ")");
        }
        try {
            return fromJson(dir, c);
        } catch (RuntimeException e) {
            throw new ModelFolderException(configFile + ": inconsistent model: " + e.getMessage());
        }
    }

    private static GlobalForecastModel fromJson(Path dir, JsonNode c) throws IOException {
        PanelColumns columns = null;
        JsonNode d = c.path("columns");
        if (d.isObject()) {
            columns = new PanelColumns(text(d, "id"), text(d, "time"), text(d, "target"), strings(d.path("covariates")),
                    d.path("group").isTextual() ? d.path("group").asText() : null);
        }
        JsonNode m = c.path("model");
        JsonNode w = c.path("windows");
        List<String> covariateNames = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        for (JsonNode cov : w.path("covariates")) {
            covariateNames.add(text(cov, "name"));
            means.add(cov.path("mean").asDouble());
            stds.add(cov.path("std").asDouble());
        }
        WindowFeatures features = new WindowFeatures(w.path("lookback").asInt(), w.path("horizon").asInt(),
                Normalisation.valueOf(text(w, "normalisation")), w.path("log").asBoolean(),
                w.path("drift").asBoolean(false), covariateNames,
                means.stream().mapToDouble(Double::doubleValue).toArray(),
                stds.stream().mapToDouble(Double::doubleValue).toArray(), strings(w.path("groups")));
        if (m.path("features").asInt() != features.featureCount()) {
            throw new IllegalArgumentException("model.features " + m.path("features").asInt() + " does not match the "
                    + features.featureCount() + " features the windows section gives");
        }
        CellType cell = CellType.valueOf(text(m, "cell"));
        int hidden = m.path("hidden").asInt();
        int layers = m.path("layers").asInt();
        double dropout = m.path("dropout").asDouble();
        List<Double> quantileList = new ArrayList<>();
        for (JsonNode q : m.path("quantiles")) {
            if (!q.isNumber()) {
                throw new IllegalArgumentException("expected numbers in 'quantiles', got " + q);
            }
            quantileList.add(q.asDouble());
        }
        double[] quantiles = GlobalForecastOptions.checkQuantiles(quantileList);
        long outputCount = (long) features.horizon() * Math.max(1, quantiles.length);
        SafeTensorsFile file = SafeTensors.read(dir.resolve(WEIGHTS));
        checkFileCanHold(file, features.featureCount(), hidden, layers, outputCount);
        int outputs = (int) outputCount;   // at most the file's values, checked above
        ForecastNetwork net = new ForecastNetwork(cell, features.featureCount(), hidden, layers, dropout, outputs,
                new Rng(0));
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String name : net.stateDict().keySet()) {
            Tensor value = file.tensors().get(name);
            if (value == null) {
                throw new IllegalArgumentException(WEIGHTS + " lacks tensor '" + name + "'");
            }
            state.put(name, value);
        }
        net.loadStateDict(state, true);
        ObjectNode info = c.path("training").isObject() ? (ObjectNode) c.path("training").deepCopy() : null;
        return new GlobalForecastModel(features, m.path("period").asInt(1), cell, hidden, layers, dropout, quantiles,
                net, columns, info);
    }

    /**
     * Refuses sizes that need more parameters than the weights file holds, before the network is built from them
     * (it would allocate what no file of this size justifies, or loop over billions of layers). The bound counts
     * one gate of every layer's {@code weight_ih} and {@code weight_hh} and the head's weight.
     */
    private static void checkFileCanHold(SafeTensorsFile weights, int features, int hidden, int layers,
                                         long outputs) {
        long fileValues = 0;
        for (Tensor t : weights.tensors().values()) {
            fileValues += t.numel();
        }
        double needed = ForecastNetwork.leastWeightValues(features, hidden, layers, outputs);
        if (hidden < 1 || layers < 1 || needed > fileValues) {
            throw new IllegalArgumentException(WEIGHTS + " holds " + fileValues + " values, fewer than the "
                    + String.format(Locale.ROOT, "%.0f", needed) + " that hidden " + hidden + ", layers " + layers
                    + " and " + outputs + " outputs need");
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected text at '" + key + "', got " + v);
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(v -> out.add(v.asText()));
        return out;
    }
}
