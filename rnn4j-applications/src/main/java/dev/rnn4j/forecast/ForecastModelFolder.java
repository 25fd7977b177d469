package dev.rnn4j.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.forecast.ForecastModel.ModelFolderException;
import dev.rnn4j.io.ReplaceFile;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.quant.QuantizedWeights;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.series.AnnualFourier;
import dev.rnn4j.series.CalendarFeatures;
import dev.rnn4j.series.MissingValuePolicy;
import dev.rnn4j.series.OneHotEncoder;
import dev.rnn4j.series.Scaler;
import dev.rnn4j.series.ScalerKind;
import dev.rnn4j.series.TargetTransform;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model folder of a {@link ForecastModel}: {@code weights.safetensors} with PyTorch parameter names
 * ({@code rnn.weight_ih_l0}, {@code head.weight}; {@code members.k.} prefixes for an ensemble) and
 * {@code config.json} with {@code "task": "forecast"}, the columns, the network settings and every fitted
 * preprocessing parameter (target transform, covariate scalers, one-hot categories, calendar fields and step).
 */
final class ForecastModelFolder {
    static final String WEIGHTS = "weights.safetensors";
    static final String CONFIG = "config.json";

    private ForecastModelFolder() {
    }

    /**
     * Writes {@code weights.safetensors} then {@code config.json} into {@code dir} (created if needed), each
     * through a temporary file and an atomic move, so a reader sees either the old or the new file.
     */
    static void save(ForecastModel model, Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("dir: expected a folder, got null");
        }
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<ForecastNetwork> members = model.members();
        for (int k = 0; k < members.size(); k++) {
            String prefix = members.size() == 1 ? "" : "members." + k + ".";
            members.get(k).stateDict().forEach((name, t) -> tensors.put(prefix + name, t));
        }
        SafeTensors.write(dir.resolve(WEIGHTS), tensors,
                Map.of("task", ForecastModel.TASK, "format", Integer.toString(ForecastModel.FORMAT)));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] bytes = json.writeValueAsBytes(toJson(model, json));
        ReplaceFile.write(dir.resolve(CONFIG), bytes);
    }

    private static ObjectNode toJson(ForecastModel model, ObjectMapper json) {
        ObjectNode c = json.createObjectNode();
        c.put("task", ForecastModel.TASK).put("format", ForecastModel.FORMAT);
        ForecastData data = model.data();
        ObjectNode d = c.putObject("data");
        d.put("target", data.target()).put("time_column", data.timeColumn());
        putList(d, "time_parts", data.timeParts());
        putList(d, "features", data.features());
        putList(d, "categorical", data.categorical());
        d.put("missing", data.missing().name());
        ObjectNode m = c.putObject("model");
        m.put("cell", model.cell().name()).put("hidden", model.hidden()).put("layers", model.layers())
                .put("dropout", model.dropout()).put("strategy", model.strategy().name())
                .put("ensemble", model.ensembleSize()).put("lookback", model.lookback()).put("horizon", model.horizon())
                .put("season", model.season()).put("anchored", model.anchored())
                .put("outputs", model.members().get(0).outputs());
        putList(m, "feature_names", model.featureNames());
        TargetTransform transform = model.transform();
        ObjectNode t = c.putObject("target_transform");
        t.put("log", transform.log()).put("log_offset", transform.logOffset())
                .put("differencing_lag", transform.differencingLag());
        putScaler(t.putObject("scaler"), transform.scaler());
        AnnualFourier fourier = model.fourier();
        if (fourier != null) {
            ObjectNode f = t.putObject("annual_fourier");
            f.put("pairs", fourier.pairs()).put("period_days", AnnualFourier.PERIOD_DAYS);
            ArrayNode coefficients = f.putArray("coefficients");
            for (double v : fourier.coefficients()) {
                coefficients.add(v);
            }
        }
        ArrayNode fs = c.putArray("feature_scalers");
        for (Scaler s : model.featureScalers()) {
            putScaler(fs.addObject(), s);
        }
        ObjectNode enc = c.putObject("one_hot");
        for (OneHotEncoder e : model.encoders()) {
            putList(enc, e.column(), e.categories());
        }
        ObjectNode cal = c.putObject("calendar");
        cal.put("encoding", "CYCLIC");
        putList(cal, "fields", model.calendarFields().stream().map(Enum::name).toList());
        cal.put("step_months", model.stepMonths()).put("step_seconds", model.stepSeconds());
        c.set("training", model.trainingInfo());
        return c;
    }

    private static void putList(ObjectNode node, String key, List<String> values) {
        if (values == null) {
            node.putNull(key);
            return;
        }
        ArrayNode a = node.putArray(key);
        values.forEach(a::add);
    }

    private static void putScaler(ObjectNode node, Scaler s) {
        node.put("kind", s.kind().name());
        if (s instanceof Scaler.Standard st) {
            node.put("mean", st.mean()).put("std", st.std());
        } else if (s instanceof Scaler.MinMax mm) {
            node.put("min", mm.min()).put("max", mm.max());
        }
    }

    /**
     * Reads a folder written by {@link #save}.
     *
     * @throws IOException for unreadable files, and with a clear message when the folder is not a forecast
     *                     model (missing files, another task, another format, inconsistent weights)
     */
    static ForecastModel load(Path dir) throws IOException {
        JsonNode c = ModelConfigFile.read(dir, CONFIG);
        Path configFile = dir.resolve(CONFIG);
        String task = c == null ? null : c.path("task").asText(null);
        if (!ForecastModel.TASK.equals(task)) {
            throw new ModelFolderException(configFile + ": this folder holds a model for task '" + task
                    + "', not a forecaster (task 'forecast'); train one with 'rnn4j forecast train'");
        }
        if (c.path("format").asInt(-1) != ForecastModel.FORMAT) {
            throw new ModelFolderException(configFile + ": format " + c.path("format") + " is not supported (expected "
                    + ForecastModel.FORMAT + ")");
        }
        try {
            return fromJson(dir, c);
        } catch (RuntimeException e) {
            throw new ModelFolderException(configFile + ": inconsistent model: " + e.getMessage());
        }
    }

    private static ForecastModel fromJson(Path dir, JsonNode c) throws IOException {
        JsonNode d = c.path("data");
        ForecastData data = new ForecastData(text(d, "target"), d.path("time_column").asText(null),
                list(d.path("time_parts")), list(d.path("features")), list(d.path("categorical")),
                MissingValuePolicy.valueOf(text(d, "missing")));
        JsonNode m = c.path("model");
        CellType cell = CellType.valueOf(text(m, "cell"));
        int hidden = m.path("hidden").asInt();
        int layers = m.path("layers").asInt();
        double dropout = m.path("dropout").asDouble();
        ForecastOptions.Strategy strategy = ForecastOptions.Strategy.valueOf(text(m, "strategy"));
        int ensemble = m.path("ensemble").asInt();
        int outputs = m.path("outputs").asInt();
        List<String> featureNames = list(m.path("feature_names"));
        JsonNode t = c.path("target_transform");
        TargetTransform transform = new TargetTransform(t.path("log").asBoolean(), t.path("log_offset").asDouble(),
                t.path("differencing_lag").asInt(), scaler(t.path("scaler")));
        AnnualFourier fourier = fourier(t.path("annual_fourier"));
        List<Scaler> scalers = new ArrayList<>();
        for (JsonNode s : c.path("feature_scalers")) {
            scalers.add(scaler(s));
        }
        List<OneHotEncoder> encoders = new ArrayList<>();
        for (String column : data.categorical()) {
            encoders.add(new OneHotEncoder(column, list(c.path("one_hot").path(column))));
        }
        JsonNode cal = c.path("calendar");
        List<CalendarFeatures.Field> fields = new ArrayList<>();
        for (String f : list(cal.path("fields"))) {
            fields.add(CalendarFeatures.Field.valueOf(f));
        }
        if (scalers.size() != data.features().size() || featureNames == null || featureNames.isEmpty()
                || ensemble < 1) {
            throw new IllegalArgumentException("feature scalers, feature names or ensemble size do not match the"
                    + " columns");
        }
        SafeTensorsFile file = SafeTensors.read(dir.resolve(WEIGHTS));
        checkFileCanHold(file, ensemble, featureNames.size(), hidden, layers, outputs);
        QuantizedWeights weights = QuantizedWeights.read(file, WEIGHTS);
        List<ForecastNetwork> nets = new ArrayList<>();
        for (int k = 0; k < ensemble; k++) {
            ForecastNetwork net = new ForecastNetwork(cell, featureNames.size(), hidden, layers, dropout, outputs,
                    new Rng(k));
            String prefix = ensemble == 1 ? "" : "members." + k + ".";
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (String name : net.stateDict().keySet()) {
                Tensor value = weights.floatState().get(prefix + name);
                if (value == null) {
                    throw new IllegalArgumentException(WEIGHTS + " lacks tensor '" + prefix + name + "'");
                }
                state.put(name, value);
            }
            net.loadStateDict(state, true);
            weights.attach(net, prefix); // int8 layers, when the file holds int8 weights
            net.eval();
            nets.add(net);
        }
        ObjectNode info = c.path("training").isObject() ? (ObjectNode) c.path("training").deepCopy() : null;
        return new ForecastModel(data, strategy, cell, hidden, layers, dropout, m.path("season").asInt(),
                m.path("lookback").asInt(), m.path("horizon").asInt(), m.path("anchored").asBoolean(), fourier,
                transform, scalers, encoders, fields, cal.path("step_months").asLong(), cal.path("step_seconds").asLong(), featureNames, nets, info);
    }

    /**
     * Refuses sizes that need more parameters than the weights file holds, before the networks are built from
     * them (they would allocate what no file of this size justifies). The bound counts one gate of every layer's
     * {@code weight_ih} and {@code weight_hh} and the head's weight, for every member of the ensemble.
     */
    private static void checkFileCanHold(SafeTensorsFile weights, int ensemble, int features, int hidden, int layers,
                                         int outputs) {
        long fileValues = 0;
        for (Tensor tensor : weights.tensors().values()) {
            fileValues += tensor.numel();
        }
        double needed = ensemble * ForecastNetwork.leastWeightValues(features, hidden, layers, outputs);
        if (needed > fileValues) {
            throw new IllegalArgumentException(WEIGHTS + " holds " + fileValues + " values, fewer than the "
                    + String.format(java.util.Locale.ROOT, "%.0f", needed) + " that hidden " + hidden + ", layers "
                    + layers + ", outputs " + outputs + " and ensemble " + ensemble + " need");
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected text at '" + key + "', got " + v);
        }
        return v.asText();
    }

    private static List<String> list(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(v -> out.add(v.asText()));
        return out;
    }

    // the annual Fourier regression of config.json, or null when the model has none (older folders have none)
    private static AnnualFourier fourier(JsonNode f) {
        if (f.isMissingNode() || f.isNull()) {
            return null;
        }
        if (f.path("period_days").asDouble() != AnnualFourier.PERIOD_DAYS) {
            throw new IllegalArgumentException("annual_fourier: expected period_days " + AnnualFourier.PERIOD_DAYS
                    + ", got " + f.path("period_days"));
        }
        JsonNode c = f.path("coefficients");
        double[] coefficients = new double[c.size()];
        for (int i = 0; i < coefficients.length; i++) {
            if (!c.get(i).isNumber()) {
                throw new IllegalArgumentException("annual_fourier: expected numeric coefficients, got " + c);
            }
            coefficients[i] = c.get(i).asDouble();
        }
        return new AnnualFourier(f.path("pairs").asInt(), coefficients);
    }

    private static Scaler scaler(JsonNode s) {
        return switch (ScalerKind.valueOf(text(s, "kind"))) {
            case NONE -> new Scaler.Identity();
            case STANDARD -> new Scaler.Standard(s.path("mean").asDouble(), s.path("std").asDouble());
            case MIN_MAX -> new Scaler.MinMax(s.path("min").asDouble(), s.path("max").asDouble());
        };
    }
}
