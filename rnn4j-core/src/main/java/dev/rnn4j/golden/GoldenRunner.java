package dev.rnn4j.golden;

import dev.rnn4j.ctc.CtcLoss;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.nn.LayerNorm;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.Cells;
import dev.rnn4j.recurrent.RecurrentStepper;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs PyTorch reference cases (the format of {@code rnn4j-core/src/test/resources/golden/README.md},
 * written by {@code tools/make_golden.py} and {@code tools/make_golden_seq.py}) through rnn4j and
 * compares every output, final state and gradient (and, for unidirectional unpacked recurrent cases,
 * the outputs and final states of the streaming {@link RecurrentStepper} run from the same initial
 * state), and for classifier and seq2seq cases the logits, loss,
 * gradients, per-step Adam losses and the parameters after the Adam steps, and for CTC cases the
 * losses and the gradient with respect to the logits. The kinds it runs are
 * {@value #KNOWN_KINDS}; a case of another kind is a failed result that names its kind, so a
 * folder with newer kinds still runs the cases this runner knows.
 *
 * <p>A value passes when {@code |ours − theirs| ≤ atol + rtol·|theirs|}: atol 1e-5, rtol 1e-4 for
 * a single pass (float32 against PyTorch's float64), scaled by √(T/10) for sequences longer than
 * 10 steps (rounding error grows with the number of recurrent steps), and 10× looser for values
 * after several Adam steps, whose normalised updates amplify float32 differences in near-zero
 * gradients.
 */
public final class GoldenRunner {

    /** The outcome of one case. */
    public record Result(String caseName, boolean passed, double maxAbsError, double maxRelError, int comparedTensors,
                         String detail) {
    }

    /** The case kinds (metadata {@code kind}) this runner executes. */
    public static final String KNOWN_KINDS = "recurrent, classifier, layernorm, seq2seq, ctc";

    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-4;

    private GoldenRunner() {
    }

    /** Every {@code *.safetensors} case in {@code dir}, by name. */
    public static List<Result> runDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("golden: " + dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("golden: no *.safetensors cases in " + dir);
        }
        List<Result> results = new ArrayList<>();
        for (Path f : files) {
            results.add(runCase(f));
        }
        return results;
    }

    /** Runs the cases and prints one line per case and the {@code N passed, M failed} line; true if all pass. */
    public static boolean runAndPrint(Path dir, PrintStream out) throws IOException {
        List<Result> results = runDirectory(dir);
        int passed = 0;
        for (Result r : results) {
            out.println(format(r));
            if (r.passed()) {
                passed++;
            }
        }
        out.println(passed + " passed, " + (results.size() - passed) + " failed");
        return passed == results.size();
    }

    static String format(Result r) {
        return String.format(Locale.ROOT, "%-4s %-28s max abs %.2e  max rel %.2e  (%d tensors)%s",
                r.passed() ? "PASS" : "FAIL", r.caseName(), r.maxAbsError(), r.maxRelError(), r.comparedTensors(),
                r.detail().isEmpty() ? "" : "  " + r.detail());
    }

    /** Runs one case file; errors in the file itself become a failed result that says what went wrong. */
    public static Result runCase(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.safetensors$", "");
        try {
            SafeTensorsFile f = SafeTensors.read(file);
            String kind = f.meta("kind");
            Comparison cmp = new Comparison();
            switch (kind) {
                case "recurrent" -> runRecurrent(f, cmp);
                case "classifier" -> runClassifier(f, cmp);
                case "layernorm" -> runLayerNorm(f, cmp);
                case "seq2seq" -> Seq2SeqCase.run(f, cmp);
                case "ctc" -> runCtc(f, cmp);
                default -> throw new IllegalArgumentException("unsupported case kind '" + kind
                        + "' (this runner knows " + KNOWN_KINDS + ")");
            }
            return new Result(name, cmp.failures.isEmpty(), cmp.maxAbs, cmp.maxRel, cmp.count,
                    cmp.failures.isEmpty() ? "" : "worst: " + String.join("; ", cmp.failures.subList(0,
                            Math.min(3, cmp.failures.size()))));
        } catch (IOException | RuntimeException e) {
            return new Result(name, false, Double.NaN, Double.NaN, 0, "error: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ recurrent cases

    private static void runRecurrent(SafeTensorsFile f, Comparison cmp) {
        String cellName = f.meta("cell");
        int input = intMeta(f, "input_size");
        int hidden = intMeta(f, "hidden_size");
        int layers = intMeta(f, "num_layers");
        boolean bidir = boolMeta(f, "bidirectional");
        boolean batchFirst = boolMeta(f, "batch_first");
        boolean bias = boolMeta(f, "bias");
        boolean packed = boolMeta(f, "packed");
        boolean withState = boolMeta(f, "with_initial_state");
        int projSize = f.metadata().containsKey("proj_size") ? intMeta(f, "proj_size") : 0;
        RecurrentLayer.Options o = new RecurrentLayer.Options(input, hidden).numLayers(layers).bidirectional(bidir)
                .batchFirst(batchFirst).bias(bias).projSize(projSize);
        Rng rng = new Rng(0);
        // PyTorch's mode: LSTM, GRU, RNN_TANH, RNN_RELU (the fixtures write RNN with a nonlinearity)
        String mode = "RNN".equals(cellName)
                ? "RNN_" + f.metadata().getOrDefault("nonlinearity", "tanh").toUpperCase(Locale.ROOT)
                : cellName;
        RecurrentLayer layer = RecurrentLayer.of(Cells.forName(mode), o, rng);
        layer.loadStateDict(f.tensors(), false);
        Tensor x = f.tensor("x").copy().requiresGrad(true);
        int steps = x.size(batchFirst ? 1 : 0);
        int[] lengths = packed ? integers(f.tensor("lengths"), "lengths") : null;
        Tensor h0 = withState ? f.tensor("h_0").copy().requiresGrad(true) : null;
        Tensor c0 = withState && layer.cell().hasCellState() ? f.tensor("c_0").copy().requiresGrad(true) : null;

        RecurrentOutput r = layer.forward(x, lengths, h0, c0);
        double scale = Math.max(1, Math.sqrt(steps / 10.0));
        cmp.compare("out", r.output(), f.tensor("out"), scale);
        cmp.compare("h_n", r.hN(), f.tensor("h_n"), scale);
        Tensor loss = r.output().mul(f.tensor("d_out")).sum().add(r.hN().mul(f.tensor("d_h_n")).sum());
        if (layer.cell().hasCellState()) {
            cmp.compare("c_n", r.cN(), f.tensor("c_n"), scale);
            loss = loss.add(r.cN().mul(f.tensor("d_c_n")).sum());
        }
        loss.backward();
        cmp.compare("grad.x", x.grad(), f.tensor("grad.x"), scale);
        if (h0 != null) {
            cmp.compare("grad.h_0", h0.grad(), f.tensor("grad.h_0"), scale);
        }
        if (c0 != null) {
            cmp.compare("grad.c_0", c0.grad(), f.tensor("grad.c_0"), scale);
        }
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            cmp.compare("grad." + p.getKey(), p.getValue().grad(), f.tensor("grad." + p.getKey()), scale);
        }
        if (!bidir && !packed) {
            compareStepper(layer, f, batchFirst, withState, cmp, scale);
        }
    }

    /**
     * The streaming stepper ({@link RecurrentStepper}) from the case's initial state, one step at a
     * time: its last layer's h at every step against {@code out}, and its final states against
     * {@code h_n} and {@code c_n} (unidirectional, unpacked cases).
     */
    private static void compareStepper(RecurrentLayer layer, SafeTensorsFile f, boolean batchFirst, boolean withState,
                                       Comparison cmp, double scale) {
        Tensor x = f.tensor("x");
        int steps = x.size(batchFirst ? 1 : 0);
        int batch = x.size(batchFirst ? 0 : 1);
        RecurrentStepper stepper = new RecurrentStepper(layer, batch);
        if (withState) {
            for (int l = 0; l < layer.numLayers(); l++) {
                float[] h0 = f.tensor("h_0").select(0, l).f();
                System.arraycopy(h0, 0, stepper.hidden(l), 0, h0.length);
                if (layer.cell().hasCellState()) {
                    float[] c0 = f.tensor("c_0").select(0, l).f();
                    System.arraycopy(c0, 0, stepper.cellState(l), 0, c0.length);
                }
            }
        }
        List<Tensor> outs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            float[] h = stepper.step(x.select(batchFirst ? 1 : 0, t).f());
            outs.add(Tensor.of(h.clone(), batch, layer.stateSize()));
        }
        cmp.compare("stepper.out", Tensor.stack(outs, batchFirst ? 1 : 0), f.tensor("out"), scale);
        List<Tensor> hN = new ArrayList<>();
        List<Tensor> cN = new ArrayList<>();
        for (int l = 0; l < layer.numLayers(); l++) {
            hN.add(Tensor.of(stepper.hidden(l).clone(), batch, layer.stateSize()));
            if (layer.cell().hasCellState()) {
                cN.add(Tensor.of(stepper.cellState(l).clone(), batch, layer.hiddenSize()));
            }
        }
        cmp.compare("stepper.h_n", Tensor.stack(hN, 0), f.tensor("h_n"), scale);
        if (!cN.isEmpty()) {
            cmp.compare("stepper.c_n", Tensor.stack(cN, 0), f.tensor("c_n"), scale);
        }
    }

    // ------------------------------------------------------------------ layer norm cases

    /** {@code nn.LayerNorm}: {@code out}, then the gradients of {@code sum(out * d_out)}. */
    private static void runLayerNorm(SafeTensorsFile f, Comparison cmp) {
        boolean affine = boolMeta(f, "affine");
        LayerNorm norm = new LayerNorm(intListMeta(f, "normalized_shape"), Double.parseDouble(f.meta("eps")), affine);
        norm.loadStateDict(f.tensors(), false);
        Tensor x = f.tensor("x").copy().requiresGrad(true);
        Tensor out = norm.forward(x);
        cmp.compare("out", out, f.tensor("out"), 1);
        out.mul(f.tensor("d_out")).sum().backward();
        cmp.compare("grad.x", x.grad(), f.tensor("grad.x"), 1);
        for (Map.Entry<String, Tensor> p : norm.namedParameters().entrySet()) {
            cmp.compare("grad." + p.getKey(), p.getValue().grad(), f.tensor("grad." + p.getKey()), 1);
        }
    }

    // ------------------------------------------------------------------ CTC cases

    /**
     * {@code ctc_loss(log_softmax(logits, 2), targets, ...)}: {@code loss}, then {@code grad.logits} of
     * the summed loss.
     */
    private static void runCtc(SafeTensorsFile f, Comparison cmp) {
        Tensor logits = f.tensor("logits").copy().requiresGrad(true); // (T, B, C)
        Tensor targetTensor = f.tensor("targets"); // (B, S), padded
        int batch = targetTensor.size(0);
        int[] flat = integers(targetTensor, "targets");
        int[][] targets = new int[batch][];
        for (int b = 0; b < batch; b++) {
            targets[b] = Arrays.copyOfRange(flat, b * targetTensor.size(1), (b + 1) * targetTensor.size(1));
        }
        Tensor loss = CtcLoss.ctcLoss(logits.logSoftmax(2), targets, integers(f.tensor("input_lengths"),
                        "input_lengths"), integers(f.tensor("target_lengths"), "target_lengths"), intMeta(f, "blank"),
                Reduction.valueOf(f.meta("reduction").trim().toUpperCase(Locale.ROOT)), boolMeta(f, "zero_infinity"));
        cmp.compare("loss", loss.reshape(loss.numel()), f.tensor("loss"), 1);
        loss.sum().backward();
        cmp.compare("grad.logits", logits.grad(), f.tensor("grad.logits"), 1);
    }

    // ------------------------------------------------------------------ classifier cases

    private static void runClassifier(SafeTensorsFile f, Comparison cmp) {
        int vocab = intMeta(f, "vocab");
        int outputs = intMeta(f, "output_dim");
        String cellName = f.meta("cell");
        CellType cell = CellType.valueOf("RNN".equals(cellName) ? "RNN_TANH" : Cells.forName(cellName).name());
        SequenceClassifier model = new SequenceClassifier(new SequenceClassifier.Config(vocab,
                intMeta(f, "embedding_dim"), cell, intMeta(f, "hidden_size"), intMeta(f, "num_layers"), false, 0, 0,
                Pooling.LAST, outputs, -1), new Rng(0));
        java.util.LinkedHashMap<String, Tensor> init = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
            if (e.getKey().startsWith("init.")) {
                init.put(e.getKey().substring(5), e.getValue());
            }
        }
        model.loadStateDict(init, true);
        Tensor xIds = f.tensor("x");
        int batch = xIds.size(0);
        int steps = xIds.size(1);
        int[] ids = integers(xIds, "x");
        Tensor yTensor = f.tensor("y");
        int[] labels = integers(yTensor, "y");
        List<Tensor> params = model.parameters();
        Adam adam = new Adam(params, doubleFromOptimizer(f.meta("optimizer"), "lr", 1e-3));
        double clip = Double.parseDouble(f.meta("clip_grad_norm"));
        int adamSteps = intMeta(f, "adam_steps");
        double[] losses = new double[adamSteps];
        for (int step = 0; step < adamSteps; step++) {
            adam.zeroGrad();
            Tensor logits = model.forward(ids, batch, steps, null);
            Tensor loss = outputs == 1
                    ? Losses.bceWithLogits(logits.reshape(batch), yTensor.to(logits.dtype()))
                    : Losses.crossEntropy(logits, labels);
            loss.backward();
            if (step == 0) {
                cmp.compare("logits", logits, f.tensor("logits"), 1);
                cmp.compare("loss", loss.reshape(1), f.tensor("loss"), 1);
                for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
                    cmp.compare("grad." + p.getKey(), p.getValue().grad(), f.tensor("grad." + p.getKey()), 1);
                }
            }
            losses[step] = loss.item();
            GradClip.clipGradNorm(params, clip);
            adam.step();
        }
        cmp.compare("adam_losses", Tensor.of(losses, adamSteps), f.tensor("adam_losses"), 10);
        for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
            cmp.compare("after_adam." + p.getKey(), p.getValue(), f.tensor("after_adam." + p.getKey()), 10);
        }
    }

    /** Reads {@code name=value} from a description like {@code Adam(lr=0.01, betas=...)}. */
    static double doubleFromOptimizer(String description, String name, double fallback) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "=([0-9.eE+-]+)").matcher(description);
        return m.find() ? Double.parseDouble(m.group(1)) : fallback;
    }

    // ------------------------------------------------------------------ helpers

    static int intMeta(SafeTensorsFile f, String key) {
        String v = f.meta(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata " + key + ": expected an integer, got '" + v + "'");
        }
    }

    /** A list of integers written as {@code [3, 4]}. */
    private static int[] intListMeta(SafeTensorsFile f, String key) {
        String v = f.meta(key).trim();
        if (!v.startsWith("[") || !v.endsWith("]") || v.length() == 2) {
            throw new IllegalArgumentException("metadata " + key + ": expected a list like [3, 4], got '" + v + "'");
        }
        String[] parts = v.substring(1, v.length() - 1).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("metadata " + key + ": expected a list of integers, got '" + v
                        + "'");
            }
        }
        return out;
    }

    private static boolean boolMeta(SafeTensorsFile f, String key) {
        String v = f.meta(key).trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("metadata " + key + ": expected True or False, got '" + v + "'");
    }

    static int[] integers(Tensor t, String name) {
        int[] out = new int[t.numel()];
        for (int i = 0; i < out.length; i++) {
            double v = t.getFlat(i);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor " + name + ": expected whole numbers, got " + v
                        + " at flat index " + i);
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** Accumulates element-wise comparisons. */
    static final class Comparison {
        double maxAbs;
        double maxRel;
        int count;
        final List<String> failures = new ArrayList<>();

        void compare(String what, Tensor ours, Tensor theirs, double looseness) {
            count++;
            if (ours == null) {
                ours = theirs.zerosLike(); // no gradient reached it: zero, which PyTorch reports as zeros
            }
            if (ours.numel() != theirs.numel() || !Arrays.equals(squeeze(ours.shape()), squeeze(theirs.shape()))) {
                failures.add(what + ": shape " + Shape.str(ours.shape()) + " vs expected " + Shape.str(theirs.shape()));
                return;
            }
            double atol = ATOL * looseness;
            double rtol = RTOL * looseness;
            double worstExcess = 0;
            String worst = null;
            for (int i = 0; i < ours.numel(); i++) {
                double a = ours.getFlat(i);
                double e = theirs.getFlat(i);
                double abs = Math.abs(a - e);
                if (Double.isNaN(abs)) {
                    abs = Double.POSITIVE_INFINITY;
                }
                maxAbs = Math.max(maxAbs, abs);
                maxRel = Math.max(maxRel, abs / Math.max(Math.abs(e), 1e-6));
                double excess = abs - (atol + rtol * Math.abs(e));
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = String.format(Locale.ROOT, "%s[%d] = %.7g, expected %.7g", what, i, a, e);
                }
            }
            if (worst != null) {
                failures.add(worst);
            }
        }

        private static int[] squeeze(int[] shape) {
            return Arrays.stream(shape).filter(d -> d != 1).toArray();
        }
    }
}
