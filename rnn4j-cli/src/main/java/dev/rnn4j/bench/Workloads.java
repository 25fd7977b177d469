package dev.rnn4j.bench;

import dev.rnn4j.recurrent.CellType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every named workload, at the reference sizes.
 *
 * <ul>
 *   <li>The nine of {@code shared/bench/README.md}: {@code train_lstm_classifier},
 *       {@code train_gru_classifier}, {@code train_lstm_charlm}, {@code infer_lstm_batch},
 *       {@code infer_lstm_stream}, {@code infer_gru_stream}, {@code train_seq2seq_attention},
 *       {@code translate_greedy}, {@code generate_charlm}.</li>
 *   <li>{@code infer_gru_batch}: {@code infer_lstm_batch} with a GRU, in the default run; the reference
 *       script has no such workload, {@code bench/torch_extra.py} times it for PyTorch.</li>
 *   <li>{@code train_lstm_ln_charlm} (not in the default run; PyTorch has no such cell):
 *       {@code train_lstm_charlm} with the layer-normalised LSTM cell {@code LSTM_LN}, for its cost.</li>
 *   <li>{@code infer_lstm_batch_int8} and {@code infer_lstm_stream_int8} (not in the default run;
 *       compare them with the float ones in the same run): {@code infer_lstm_batch} and
 *       {@code infer_lstm_stream} with the LSTM quantized to dynamic int8
 *       ({@code QuantizedRecurrent.quantize}), same sizes, warm-up and repetitions.</li>
 *   <li>{@code infer_lstm_batch_mixed} and {@code infer_gru_batch_mixed} (not in the default run; the
 *       reference has no such workload): the batch forwards with rows of lengths 64..128, as a padded
 *       batch of sentences has; sequences/s.</li>
 *   <li>{@code gemm_n256} .. {@code gemm_n2048}, or {@code gemm} for all four.</li>
 *   <li>{@code dropout_overhead} (not in the default run): percent slowdown of the LSTM classifier
 *       step with every recurrent regulariser on.</li>
 *   <li>{@code steady} (not in the default run): the three training workloads again after
 *       {@value #STEADY_WARMUP} warm-up steps, the median of {@value #STEADY_REPS}, named
 *       {@code train_lstm_classifier_steady} ..: the speed once the JIT has compiled everything, which
 *       the reference's 2-3 warm-up steps do not reach on a fresh JVM. Not the reference protocol; for
 *       context only.</li>
 *   <li>Sweeps (not in the default run): {@code sweep_seq} is the infer_lstm_batch forward at
 *       batch {@value #SWEEP_SEQ_BATCH} for lengths 32 .. 1024 in tokens/s (a flat line means cost
 *       linear in length), named {@code sweep_seq_T32} ..; {@code sweep_batch} is the same forward
 *       at length {@value #SWEEP_BATCH_STEPS} for batch 1 .. 256 in sequences/s, named
 *       {@code sweep_batch_B1} ... Sweeps warm up once and take the median of 3 (the figures
 *       matter as a shape, and the long ones are slow on the scalar kernels).</li>
 * </ul>
 */
public final class Workloads {

    /** The reference workloads, in the reference script's order. */
    public static final List<String> REFERENCE = List.of("train_lstm_classifier", "train_gru_classifier",
            "train_lstm_charlm", "infer_lstm_batch", "infer_lstm_stream", "infer_gru_stream", "train_seq2seq_attention",
            "translate_greedy", "generate_charlm");

    /** Workloads of the default run that the reference script does not have (PyTorch's side: bench/torch_extra.py). */
    public static final List<String> BEYOND_REFERENCE = List.of("infer_gru_batch");

    /** Batch of the sequence-length sweep. */
    public static final int SWEEP_SEQ_BATCH = 32;
    /** Sequence lengths of {@code sweep_seq}. */
    public static final int[] SWEEP_SEQ_LENGTHS = {32, 64, 128, 256, 512, 1024};
    /** Length of the batch sweep. */
    public static final int SWEEP_BATCH_STEPS = 128;
    /** Batch sizes of {@code sweep_batch}. */
    public static final int[] SWEEP_BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    /** Warm-up steps of the {@code steady} workloads. */
    public static final int STEADY_WARMUP = 10;
    /** Timed steps (median) of the {@code steady} workloads. */
    public static final int STEADY_REPS = 15;

    private static final Map<String, Supplier<List<Workload>>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("train_lstm_classifier", () -> List.of(new TrainClassifier(CellType.LSTM)));
        BY_NAME.put("train_gru_classifier", () -> List.of(new TrainClassifier(CellType.GRU)));
        BY_NAME.put("train_lstm_charlm", () -> List.of(new TrainCharLm()));
        BY_NAME.put("infer_lstm_batch", () -> List.of(new InferBatch(CellType.LSTM)));
        BY_NAME.put("infer_gru_batch", () -> List.of(new InferBatch(CellType.GRU)));
        BY_NAME.put("infer_lstm_stream", () -> List.of(new InferStream(CellType.LSTM)));
        BY_NAME.put("infer_gru_stream", () -> List.of(new InferStream(CellType.GRU)));
        BY_NAME.put("train_seq2seq_attention", () -> List.of(new TrainSeq2Seq()));
        BY_NAME.put("translate_greedy", () -> List.of(new TranslateGreedy()));
        BY_NAME.put("generate_charlm", () -> List.of(new GenerateCharLm()));
        BY_NAME.put("train_lstm_ln_charlm", () -> List.of(new TrainCharLm("LSTM_LN")));
        BY_NAME.put("infer_lstm_batch_int8", () -> List.of(InferBatch.int8()));
        BY_NAME.put("infer_lstm_stream_int8", () -> List.of(InferStream.int8()));
        BY_NAME.put("infer_lstm_batch_mixed", () -> List.of(InferBatch.mixedLengths(CellType.LSTM)));
        BY_NAME.put("infer_gru_batch_mixed", () -> List.of(InferBatch.mixedLengths(CellType.GRU)));
        List<Supplier<Workload>> gemms = new ArrayList<>();
        for (int n : Gemm.SIZES) {
            BY_NAME.put("gemm_n" + n, () -> List.of(new Gemm(n)));
            gemms.add(() -> new Gemm(n));
        }
        BY_NAME.put("gemm", () -> gemms.stream().map(Supplier::get).toList());
        BY_NAME.put("dropout_overhead", () -> List.of(new DropoutOverhead()));
        BY_NAME.put("steady", Workloads::steady);
        BY_NAME.put("sweep_seq", Workloads::sequenceSweep);
        BY_NAME.put("sweep_batch", Workloads::batchSweep);
    }

    private Workloads() {
    }

    /** Every name {@link #resolve} accepts, in order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The default run: the nine reference workloads, {@code infer_gru_batch}, then GEMM at every size. */
    public static List<Workload> defaults() {
        List<String> names = new ArrayList<>(REFERENCE);
        names.addAll(BEYOND_REFERENCE);
        names.add("gemm");
        return resolve(names);
    }

    /**
     * The workloads for the given names, in the order given ({@code gemm}, {@code sweep_seq} and
     * {@code sweep_batch} expand to several). Every name is checked before anything is built.
     *
     * @throws IllegalArgumentException naming the unknown workload and listing the valid names
     */
    public static List<Workload> resolve(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("no workload named; valid names: " + String.join(", ", names()));
        }
        for (String name : names) {
            if (!BY_NAME.containsKey(name)) {
                throw new IllegalArgumentException("unknown workload '" + name + "'; valid names: "
                        + String.join(", ", names()));
            }
        }
        List<Workload> out = new ArrayList<>();
        for (String name : names) {
            out.addAll(BY_NAME.get(name).get());
        }
        return Collections.unmodifiableList(out);
    }

    private static List<Workload> steady() {
        return List.of(
                steady(new TrainClassifier(CellType.LSTM, 20000, 128, 256, 64, 128, STEADY_WARMUP, STEADY_REPS)),
                steady(new TrainClassifier(CellType.GRU, 20000, 128, 256, 64, 128, STEADY_WARMUP, STEADY_REPS)),
                steady(new TrainCharLm(512, 2, 32, 100, 65, STEADY_WARMUP, STEADY_REPS)));
    }

    /** The same workload under the name {@code <name>_steady}. */
    private static Workload steady(Workload inner) {
        return new Workload() {
            @Override
            public String name() {
                return inner.name() + "_steady";
            }

            @Override
            public String unit() {
                return inner.unit();
            }

            @Override
            public double measure() {
                return inner.measure();
            }
        };
    }

    private static List<Workload> sequenceSweep() {
        List<Workload> out = new ArrayList<>();
        for (int steps : SWEEP_SEQ_LENGTHS) {
            out.add(new InferBatch("sweep_seq_T" + steps, CellType.LSTM, 128, 256, SWEEP_SEQ_BATCH, steps, 1, 3,
                    InferBatch.Per.TOKEN));
        }
        return out;
    }

    private static List<Workload> batchSweep() {
        List<Workload> out = new ArrayList<>();
        for (int batch : SWEEP_BATCH_SIZES) {
            out.add(new InferBatch("sweep_batch_B" + batch, CellType.LSTM, 128, 256, batch, SWEEP_BATCH_STEPS, 1, 3,
                    InferBatch.Per.SEQUENCE));
        }
        return out;
    }
}
