package dev.rnn4j.cli;

import dev.rnn4j.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnn4j export}: a saved model as an ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes a saved model's networks as an ONNX model (opset 17), the LSTM/GRU/RNN layers as ONNX's "
                + "recurrent operators. A text classifier: the embedding, the layers, the pooling, the head and the "
                + "softmax; inputs ids (batch, steps) int64 and lengths (batch) int64, outputs logits and "
                + "probabilities. A forecaster: the layers and the head; input window (batch, steps, features) "
                + "in the transformed scale, output forecast (batch, outputs) in that scale. A language model: "
                + "inputs ids (steps, batch) int64 and h0 (and c0 for an LSTM) (layers, batch, hidden), outputs "
                + "logits (steps, batch, vocabulary) and hN (and cN). A translation model: two files, "
                + "NAME.encoder.onnx (source_ids (source_steps, batch) and source_lengths in, the decoder's first "
                + "state and the attention memory out) and NAME.decoder.onnx (one decoder step: previous token, "
                + "state and memory in, log_probs, attention and the next state out).")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true,
            description = "The model folder (written by classify train, forecast train, lm train or translate "
                    + "train).")
    Path model;
    @Option(names = "--onnx", required = true, description = "The .onnx file to write; its folder must exist. "
            + "For a translation model, NAME.onnx names the two files NAME.encoder.onnx and NAME.decoder.onnx.")
    Path onnx;
    @Option(names = "--networks-only",
            description = "For a classifier with an n-gram expert (the default): export its networks alone, "
                    + "softmax at temperature 1 (the expert is a table, not a network, and has no ONNX form).")
    boolean networksOnly;

    @Override
    public Integer call() {
        for (OnnxExport.Result r : OnnxExport.export(model, onnx, networksOnly)) {
            System.out.printf(Locale.ROOT, "wrote %s (%,d bytes): %s%n", onnx.resolveSibling(r.file().getFileName()),
                    r.bytes(), r.description());
        }
        return 0;
    }
}
