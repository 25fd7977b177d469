package dev.rnn4j.onnx;

import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.ForecastNetwork;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.TensorProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forecaster's networks as one ONNX graph: the recurrent stack over the window, the head on the
 * last layer's final state, and the mean over the ensemble.
 *
 * <p>Input: {@code window} float (batch, steps, features), the network input of
 * {@link ForecastModel#inputWindow}: the last lookback rows of the feature matrix in the
 * transformed scale (column 0 the target, then {@link ForecastModel#featureNames()}). Output:
 * {@code forecast} float (batch, outputs), the ensemble mean in that same scale: H values for a
 * direct model, the next step for a recursive one. Undoing the transform (scaling, log,
 * differencing, anchoring, the annual Fourier regression of {@link ForecastModel#fourier}) and
 * feeding a recursive model its own forecasts stay with the caller;
 * the model's metadata names the strategy and the features. Both batch and steps are dynamic.
 */
final class ForecasterExport {

    private ForecasterExport() {
    }

    /**
     * The ONNX model of {@code model}'s networks.
     *
     * @throws OnnxExportException for a layer ONNX cannot express
     */
    static ModelProto export(ForecastModel model) {
        List<ForecastNetwork> networks = model.networks();
        for (ForecastNetwork network : networks) {
            RecurrentExport.checkSupported(network.rnn(), "rnn");
        }
        ForecastNetwork first = networks.get(0);
        OnnxGraph graph = new OnnxGraph("rnn4j_forecaster");
        graph.input(OnnxGraph.value("window", TensorProto.DataType.FLOAT, "batch", "steps", (long) first.features()));
        String stepsFirst = graph.op("Transpose", "perm", new long[] {1, 0, 2}, "window"); // (T, B, F)
        String axesZero = graph.longs("axes_zero", new long[] {0}, 1);
        List<String> outputs = new ArrayList<>();
        for (int k = 0; k < networks.size(); k++) {
            ForecastNetwork network = networks.get(k);
            String prefix = "net" + k;
            // no sequence_lens: every window is full
            RecurrentExport.Outputs r = RecurrentExport.add(graph, network.rnn(), prefix + "_rnn", stepsFirst, "");
            String last = graph.op("Squeeze", r.lastStates(), axesZero); // (1, B, H) -> (B, H)
            String weight = graph.floats(prefix + "_head_weight", network.head().weight().toFloatArray(),
                    network.outputs(), network.rnn().hiddenSize());
            String bias = graph.floats(prefix + "_head_bias", network.head().bias().toFloatArray(), network.outputs());
            String out = graph.fresh(prefix + "_forecast");
            graph.node("Gemm", new String[] {last, weight, bias}, out).addAttribute(OnnxGraph.integer("transB", 1));
            outputs.add(out);
        }
        String mean = outputs.size() == 1 ? outputs.get(0) : graph.op("Mul",
                graph.op("Sum", outputs.toArray(String[]::new)),
                graph.floats("inverse_members", new float[] {1f / networks.size()}));
        graph.node("Identity", new String[] {mean}, "forecast");
        graph.output(OnnxGraph.value("forecast", TensorProto.DataType.FLOAT, "batch", (long) first.outputs()));

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rnn4j.task", ForecastModel.TASK);
        metadata.put("strategy", model.strategy().name().toLowerCase(Locale.ROOT));
        metadata.put("lookback", Integer.toString(model.lookback()));
        metadata.put("horizon", Integer.toString(model.horizon()));
        metadata.put("features", OnnxExport.jsonArray(model.featureNames()));
        String doc = String.format(Locale.ROOT, "rnn4j forecaster: %d %s network(s), %d layer(s) of %d, %s strategy;"
                        + " input window (batch, steps, %d) in the transformed scale, output forecast (batch, %d)"
                        + " in that scale", networks.size(), model.cell(), model.layers(), model.hidden(),
                model.strategy().name().toLowerCase(Locale.ROOT), first.features(), first.outputs());
        return graph.model(doc, metadata);
    }
}
