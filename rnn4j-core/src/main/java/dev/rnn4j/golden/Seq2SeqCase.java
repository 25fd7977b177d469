package dev.rnn4j.golden;

import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.models.seq2seq.AttentionScore;
import dev.rnn4j.models.seq2seq.DecoderStyle;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.models.seq2seq.TeacherForced;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cases of kind {@code seq2seq} ({@code tools/make_golden_seq.py}): the attention encoder-decoder of
 * {@link Seq2SeqConfig#bahdanau}, or with the metadata {@code decoder_style: luong} its Luong decoder
 * ({@code attention} dot or general, {@code decoder_cell}, {@code input_feeding}), loaded from the
 * {@code init.*} tensors, then compared on the
 * teacher-forced logits and attention weights, the loss, every parameter's gradient, the greedy
 * decode from the initial weights, and the losses and parameters of the clipped Adam steps (10×
 * looser, as the classifier cases).
 */
final class Seq2SeqCase {

    private Seq2SeqCase() {
    }

    static void run(SafeTensorsFile f, GoldenRunner.Comparison cmp) {
        int pad = GoldenRunner.intMeta(f, "pad");
        Seq2SeqConfig config = Seq2SeqConfig.bahdanau(GoldenRunner.intMeta(f, "src_vocab"),
                GoldenRunner.intMeta(f, "trg_vocab"), GoldenRunner.intMeta(f, "embedding_dim"),
                GoldenRunner.intMeta(f, "enc_hidden"), GoldenRunner.intMeta(f, "dec_hidden"))
                .withTokens(pad, GoldenRunner.intMeta(f, "sos"), GoldenRunner.intMeta(f, "eos"));
        if ("luong".equals(f.metadata().get("decoder_style"))) {
            config = config.withDecoder(DecoderStyle.LUONG, score(f.meta("attention")),
                    CellType.valueOf(f.meta("decoder_cell")), Boolean.parseBoolean(f.meta("input_feeding").trim()));
        } else if (score(f.meta("attention")) != AttentionScore.ADDITIVE) {
            throw new IllegalArgumentException("seq2seq: attention '" + f.meta("attention") + "' needs decoder_style "
                    + "luong (the Bahdanau layout here has additive attention)");
        }
        Seq2Seq model = new Seq2Seq(config, new Rng(0));
        Map<String, Tensor> init = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
            if (e.getKey().startsWith("init.")) {
                init.put(e.getKey().substring("init.".length()), e.getValue());
            }
        }
        model.loadStateDict(init, true);
        int[] src = GoldenRunner.integers(f.tensor("src"), "src");
        int[] lengths = GoldenRunner.integers(f.tensor("src_len"), "src_len");
        int[] trg = GoldenRunner.integers(f.tensor("trg"), "trg");

        int greedySteps = GoldenRunner.intMeta(f, "greedy_steps");
        int[][] greedy = model.greedy(src, lengths, greedySteps, false);
        double[] greedyFlat = new double[greedy.length * greedySteps];
        for (int b = 0; b < greedy.length; b++) {
            for (int t = 0; t < greedySteps; t++) {
                greedyFlat[b * greedySteps + t] = greedy[b][t];
            }
        }
        cmp.compare("greedy", Tensor.of(greedyFlat, greedy.length, greedySteps), f.tensor("greedy"), 0);

        List<Tensor> params = model.parameters();
        Adam adam = new Adam(params, GoldenRunner.doubleFromOptimizer(f.meta("optimizer"), "lr", 1e-3));
        double clip = Double.parseDouble(f.meta("clip_grad_norm"));
        int adamSteps = GoldenRunner.intMeta(f, "adam_steps");
        double[] losses = new double[adamSteps];
        for (int step = 0; step < adamSteps; step++) {
            adam.zeroGrad();
            TeacherForced out = model.forward(src, lengths, trg);
            Tensor loss = model.loss(out, trg, 0.0);
            loss.backward();
            if (step == 0) {
                cmp.compare("logits", out.logits(), f.tensor("logits"), 1);
                cmp.compare("attention", out.attention(), f.tensor("attention"), 1);
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

    /** The score named by the metadata's {@code attention}: "additive (Bahdanau)", "dot (Luong)", "general (Luong)". */
    private static AttentionScore score(String attention) {
        String name = attention.trim().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
        for (AttentionScore s : AttentionScore.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("seq2seq: unknown attention '" + attention
                + "' (expected additive, dot or general)");
    }
}
