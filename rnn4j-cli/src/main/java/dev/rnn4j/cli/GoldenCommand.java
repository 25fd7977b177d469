package dev.rnn4j.cli;

import dev.rnn4j.golden.GoldenRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rnn4j golden DIR}: runs PyTorch reference cases and compares every value. */
@Command(name = "golden", mixinStandardHelpOptions = true,
        description = {"Runs every PyTorch reference case (*.safetensors written by",
                "tools/make_golden.py or tools/make_golden_seq.py) in DIR and compares outputs,",
                "final states and all gradients (and, for classifier cases, the logits, loss",
                "and parameters after the Adam steps). Kinds: " + GoldenRunner.KNOWN_KINDS + ";",
                "a case of another kind fails with its kind named. Prints one line per case",
                "and 'N passed, M failed'; exits 0 only when all pass."})
final class GoldenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of reference cases.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        return GoldenRunner.runAndPrint(dir, System.out) ? 0 : 1;
    }
}
