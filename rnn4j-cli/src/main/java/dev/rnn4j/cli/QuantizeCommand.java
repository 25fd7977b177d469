package dev.rnn4j.cli;

import dev.rnn4j.quantize.ModelQuantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j quantize}: the dynamic int8 copy of a saved classifier, forecaster, language model or translator
 * ({@link ModelQuantizer}), which every other command loads like the float folder.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Writes the int8 copy of a saved model folder (classifier, forecaster, language model,"
                + " translator):"
                + " recurrent, linear and embedding weights as int8 with one scale per output row, activations"
                + " quantized per row at run time. The copy loads, predicts, serves and explains like the float one."})
final class QuantizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "The float model folder.")
    Path model;

    @Option(names = "--out", required = true, description = "The folder to write (new or empty; its parent must"
            + " exist).")
    Path out;

    @Option(names = "--keep-float", paramLabel = "REGEX", description = "Weights to keep in float, a regular"
            + " expression matched against whole tensor names, e.g. 'embedding\\.weight'.")
    String keepFloat;

    @Override
    public Integer call() {
        ModelQuantizer.Result r = ModelQuantizer.quantize(model, out, keepFloat);
        System.out.printf(Locale.ROOT, "rnn4j quantize: %s model, %d weight matrices in int8%n", r.task(),
                r.int8Count());
        System.out.printf(Locale.ROOT, "weights: %,d bytes -> %,d bytes (%.1f %%)%n", r.floatBytes(), r.int8Bytes(),
                100.0 * r.int8Bytes() / r.floatBytes());
        System.out.println("wrote " + out);
        return 0;
    }
}
