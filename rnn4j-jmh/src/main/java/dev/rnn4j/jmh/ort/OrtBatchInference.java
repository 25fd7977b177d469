package dev.rnn4j.jmh.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times a batch-inference model on ONNX Runtime (Java API, CPU execution provider) the way the
 * shared anchors time {@code infer_lstm_batch}:
 *
 * <pre>
 *   OrtBatchInference [--quick] --models=DIR THREADS WORKLOAD...
 * </pre>
 *
 * <p>For each workload it reads {@code DIR/WORKLOAD.onnx} (input {@code x}: (B, T, I) batch-first,
 * fixed shape; output {@code y}: (B, T, H)), {@code DIR/WORKLOAD.x.f32} (one batch x) and
 * {@code DIR/WORKLOAD.y.f32} (PyTorch 1.13's y for it), as {@code bench/export_onnx_batch.py} writes
 * them. It runs x once and compares the output with PyTorch's: when the max abs difference is not
 * below {@value #TOLERANCE}, the line gets {@code "value": null} and a note, and nothing is timed.
 * Otherwise it times {@code session.run} with the reference script's protocol (3 warm-up calls,
 * the median of 7; {@code --quick}: 1 and 2) and prints
 * {@code {"system": "onnxruntime-1.20.0", "workload": ..., "threads": N, "unit": "sequences/s", "value": B / median}}.
 *
 * <p>Session settings as the anchors': {@code THREADS} intra-op threads, 1 inter-op thread,
 * sequential execution, {@code ALL_OPT} graph optimisation. Check lines go to stderr, starting with {@code #}.
 */
public final class OrtBatchInference {

    /** Largest max abs difference from PyTorch's output that still counts as the same model. */
    public static final double TOLERANCE = 1e-4;

    private OrtBatchInference() {
    }

    /** Command line as in the class comment; exit status 2 on a usage error. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path models = null;
        Integer threads = null;
        List<String> workloads = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--models=")) {
                models = Path.of(arg.substring("--models=".length()));
            } else if (threads == null && arg.matches("\\d+")) {
                threads = Integer.parseInt(arg);
            } else if (arg.startsWith("-")) {
                usage("unknown option " + arg);
            } else {
                workloads.add(arg);
            }
        }
        if (models == null || threads == null || workloads.isEmpty()) {
            usage("expected --models=DIR, a thread count and at least one workload, got " + Arrays.toString(args));
        }
        if (threads < 1) {
            usage("THREADS must be at least 1, got " + threads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "rnn4j-bench");
        String system = "onnxruntime-" + env.getVersion();
        log("ort: ONNX Runtime %s, intra-op threads=%d, inter-op threads=1, sequential, ALL_OPT, java=%s, quick=%s",
                env.getVersion(), threads, System.getProperty("java.version"), quick);
        for (String workload : workloads) {
            System.out.println(measure(env, system, models, workload, threads, quick ? 1 : 3, quick ? 2 : 7));
            System.out.flush();
        }
    }

    /**
     * Checks, then times one workload; returns its JSON line.
     *
     * @throws IOException  if a file is missing or its size does not match the model's shapes
     * @throws OrtException if ONNX Runtime cannot load or run the model
     */
    static String measure(OrtEnvironment env, String system, Path models, String workload, int threads, int warmup,
                          int reps) throws IOException, OrtException {
        try (SessionOptions options = sessionOptions(threads);
             OrtSession session = env.createSession(models.resolve(workload + ".onnx").toString(), options)) {
            long[] xShape = fixedShape(session.getInputInfo(), "x", workload);
            long[] yShape = fixedShape(session.getOutputInfo(), "y", workload);
            float[] x = readFloats(models.resolve(workload + ".x.f32"), count(xShape));
            float[] expected = readFloats(models.resolve(workload + ".y.f32"), count(yShape));
            try (OnnxTensor xTensor = OnnxTensor.createTensor(env, direct(x), xShape)) {
                Map<String, OnnxTensor> inputs = Map.of("x", xTensor);
                double difference;
                try (OrtSession.Result result = session.run(inputs)) {
                    FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    difference = maxAbsDifference(y, expected);
                }
                log("check %s %s: max abs diff vs PyTorch 1.13 output %s = %.3g", system, workload,
                        Arrays.toString(yShape), difference);
                if (!(difference < TOLERANCE)) {
                    return jsonLine(system, workload, threads, null,
                            "output differs from PyTorch 1.13 by " + difference + " (tolerance " + TOLERANCE + ")");
                }
                double seconds = medianSeconds(() -> session.run(inputs).close(), warmup, reps);
                return jsonLine(system, workload, threads, xShape[0] / seconds, null);
            }
        }
    }

    private static SessionOptions sessionOptions(int threads) throws OrtException {
        SessionOptions options = new SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /** The shape of a model input or output, which must be a tensor with no free dimension. */
    private static long[] fixedShape(Map<String, NodeInfo> nodes, String name, String workload) throws IOException {
        NodeInfo node = nodes.get(name);
        if (node == null || !(node.getInfo() instanceof TensorInfo tensor)) {
            throw new IOException(workload + ".onnx: expected a tensor named '" + name + "', found " + nodes.keySet());
        }
        long[] shape = tensor.getShape();
        if (Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IOException(workload + ".onnx: '" + name + "' must have a fixed shape, got " + Arrays.toString(shape));
        }
        return shape;
    }

    private static long count(long[] shape) {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    /** A piece of work to time that may throw an ONNX Runtime error. */
    private interface Work {
        void run() throws OrtException;
    }

    /** The reference script's timeit: warm-up calls, then the median wall time of the timed calls (s). */
    private static double medianSeconds(Work work, int warmup, int reps) throws OrtException {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] seconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - start) * 1e-9;
        }
        Arrays.sort(seconds);
        int mid = reps / 2;
        return reps % 2 == 1 ? seconds[mid] : (seconds[mid - 1] + seconds[mid]) / 2;
    }

    /** Raw little-endian float32, as numpy's {@code tofile} writes it on x86. */
    static float[] readFloats(Path path, long expectedCount) throws IOException {
        long bytes = Files.size(path);
        if (bytes != expectedCount * Float.BYTES) {
            throw new IOException(path + ": expected " + expectedCount * Float.BYTES + " bytes (" + expectedCount
                    + " floats), found " + bytes);
        }
        float[] values = new float[Math.toIntExact(expectedCount)];
        ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(values).rewind();
        return buffer;
    }

    /** Max |actual − expected|; NaN when the lengths differ or a value is NaN, so the check fails. */
    static double maxAbsDifference(FloatBuffer actual, float[] expected) {
        if (actual.remaining() != expected.length) {
            return Double.NaN;
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual.get(actual.position() + i) - expected[i]);
            if (Double.isNaN(d)) {
                return d;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** The JSON line of torch_reference.py ({@code json.dumps} spacing, value rounded to 0.1, or null with a note). */
    static String jsonLine(String system, String workload, int threads, Double value, String note) {
        StringBuilder line = new StringBuilder()
                .append("{\"system\": \"").append(system)
                .append("\", \"workload\": \"").append(workload)
                .append("\", \"threads\": ").append(threads)
                .append(", \"unit\": \"sequences/s\", \"value\": ")
                .append(value == null ? "null" : String.format(Locale.ROOT, "%.1f", value));
        if (note != null) {
            line.append(", \"note\": \"").append(note.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return line.append('}').toString();
    }

    private static void log(String format, Object... args) {
        System.err.println("# " + String.format(Locale.ROOT, format, args));
        System.err.flush();
    }

    private static void usage(String problem) {
        System.err.println("OrtBatchInference: " + problem);
        System.err.println("usage: OrtBatchInference [--quick] --models=DIR THREADS WORKLOAD...");
        System.exit(2);
    }
}
