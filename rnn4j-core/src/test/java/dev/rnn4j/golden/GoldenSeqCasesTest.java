package dev.rnn4j.golden;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PyTorch reference cases in test resources golden-seq/ (written by tools/make_golden_seq.py)
 * through the same code as {@code rnn4j golden}, and the runner's answer to a kind it does not know.
 */
class GoldenSeqCasesTest {

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesPyTorch() throws Exception {
        List<GoldenRunner.Result> results = GoldenRunner.runDirectory(dev.rnn4j.testkit.TestResources.goldenSeqDir());
        assertEquals(List.of(
                        "ctc_mean",
                        "ctc_none_zero_infinity",
                        "ctc_sum_repeats",
                        "layernorm_affine",
                        "layernorm_plain",
                        "lstm_proj",
                        "lstm_proj_bidir_2layer_packed",
                        "seq2seq_attn_batch",
                        "seq2seq_attn_small",
                        "seq2seq_luong_dot_lstm_feeding",
                        "seq2seq_luong_general_gru"),
                results.stream().map(GoldenRunner.Result::caseName).toList(), "the shipped cases are found");
        return results.stream().map(r -> DynamicTest.dynamicTest(r.caseName(), () -> {
            assertTrue(r.passed(), GoldenRunner.format(r));
            assertTrue(r.comparedTensors() >= 2, "out and grad.x at least: " + GoldenRunner.format(r));
        }));
    }

    @Test
    void anUnknownKindIsAFailedCaseThatNamesIt(@TempDir Path dir) throws Exception {
        SafeTensors.write(dir.resolve("attention.safetensors"), Map.of("logits", Tensor.zeros(2, 1, 3)),
                Map.of("kind", "no_such_kind"));
        List<GoldenRunner.Result> results = GoldenRunner.runDirectory(dir);
        assertEquals(1, results.size());
        GoldenRunner.Result r = results.get(0);
        assertFalse(r.passed());
        assertEquals("error: unsupported case kind 'no_such_kind' (this runner knows "
                + GoldenRunner.KNOWN_KINDS + ")", r.detail());
        assertTrue(GoldenRunner.format(r).startsWith("FAIL attention"), GoldenRunner.format(r));
    }

    @Test
    void aLayerNormCaseWithWrongNumbersFails(@TempDir Path dir) throws Exception {
        Path source = dev.rnn4j.testkit.TestResources.goldenSeqDir().resolve("layernorm_plain.safetensors");
        var file = SafeTensors.read(source);
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(file.tensors());
        Tensor out = tensors.get("out").copy();
        out.setFlat(3, out.getFlat(3) + 1e-3);
        tensors.put("out", out);
        SafeTensors.write(dir.resolve("layernorm_plain.safetensors"), tensors, file.metadata());
        GoldenRunner.Result r = GoldenRunner.runCase(dir.resolve("layernorm_plain.safetensors"));
        assertFalse(r.passed());
        assertTrue(r.detail().contains("out[3]"), r.detail());
    }

    @Test
    void aSeq2SeqCaseWithAWrongLogitOrGreedyTokenFails(@TempDir Path dir) throws Exception {
        Path source = dev.rnn4j.testkit.TestResources.goldenSeqDir().resolve("seq2seq_attn_small.safetensors");
        var file = SafeTensors.read(source);
        for (String name : List.of("logits", "greedy", "after_adam.decoder.attention.v.weight")) {
            Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(file.tensors());
            Tensor changed = tensors.get(name).copy();
            changed.setFlat(2, changed.getFlat(2) + (name.equals("greedy") ? 1 : 1e-2));
            tensors.put(name, changed);
            Path target = dir.resolve("seq2seq_attn_small.safetensors");
            SafeTensors.write(target, tensors, file.metadata());
            GoldenRunner.Result r = GoldenRunner.runCase(target);
            assertFalse(r.passed(), name);
            assertTrue(r.detail().contains(name + "[2]"), r.detail());
        }
    }

    @Test
    void aCtcCaseWithAWrongGradientFails(@TempDir Path dir) throws Exception {
        Path source = dev.rnn4j.testkit.TestResources.goldenSeqDir().resolve("ctc_mean.safetensors");
        var file = SafeTensors.read(source);
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(file.tensors());
        Tensor grad = tensors.get("grad.logits").copy();
        grad.setFlat(5, grad.getFlat(5) + 1e-3);
        tensors.put("grad.logits", grad);
        SafeTensors.write(dir.resolve("ctc_mean.safetensors"), tensors, file.metadata());
        GoldenRunner.Result r = GoldenRunner.runCase(dir.resolve("ctc_mean.safetensors"));
        assertFalse(r.passed());
        assertTrue(r.detail().contains("grad.logits[5]"), r.detail());
    }
}
