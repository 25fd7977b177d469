package dev.rnn4j.qa;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Mask;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A Dynamic Memory Network with the DMN+ changes (Xiong, Merity and Socher 2016), on the engine's layers:
 * <ol>
 *   <li><b>Input module</b>: each statement is encoded by the {@link PositionalEncoding} of its word vectors,
 *       then the input fusion layer, a bidirectional GRU over the statements, whose two directions are summed:
 *       {@code f_i = →h_i + ←h_i} (H).</li>
 *   <li><b>Question module</b>: a GRU over the question's word vectors (the same embedding); its final state is
 *       q (H).</li>
 *   <li><b>Episodic memory</b>, {@code hops} passes with m⁰ = q: the {@link AttentionGate} scores every fact
 *       against q and m^{t−1} (softmax over the facts), the {@link AttentionGru} (one for all passes) runs over the
 *       facts with those weights as its update gate and gives the context c^t, and the memory is updated with
 *       untied weights per pass: {@code m^t = ReLU(W^t [m^{t−1}; c^t; q] + b^t)}.</li>
 *   <li><b>Answer module</b>: {@code logits = W^a dropout([m^T; q]) + b^a} over the answer classes (one word or
 *       one whole answer string per class, as bAbI needs).</li>
 * </ol>
 * Dropout also applies to the encoded statements. The paper trains on the answers only (weak supervision); the
 * defaults here add the supporting facts as an attention loss ({@link SupportingFactLoss}). Parameters: {@code embedding.weight}, {@code fusion.*_l0} and
 * {@code fusion.*_l0_reverse}, {@code question.*_l0}, {@code gate.hidden.*}, {@code gate.score.*},
 * {@code episode.*}, {@code memory.0.*} ... {@code memory.(hops−1).*}, {@code answer.*}.
 */
final class DynamicMemoryNetwork extends QaNetwork {

    private final QaConfig config;
    private final Embedding embedding;
    private final RecurrentLayer fusion;
    private final RecurrentLayer question;
    private final AttentionGate gate;
    private final AttentionGru episode;
    private final List<Linear> memory = new ArrayList<>();
    private final Dropout dropout;
    private final Linear answer;

    DynamicMemoryNetwork(QaConfig config, Rng rng) {
        this.config = config;
        int h = config.hidden();
        this.embedding = registerModule("embedding", new Embedding(config.words(), h, QaVocabulary.PAD, rng));
        this.fusion = registerModule("fusion", new GRU(new RecurrentLayer.Options(h, h).bidirectional(true), rng));
        this.question = registerModule("question", new GRU(h, h, rng));
        this.gate = registerModule("gate", new AttentionGate(h, rng));
        this.episode = registerModule("episode", new AttentionGru(h, h, rng));
        for (int t = 0; t < config.hops(); t++) {
            memory.add(registerModule("memory." + t, new Linear(3 * h, h, rng)));
        }
        this.dropout = registerModule("dropout", new Dropout(config.dropout(), rng));
        this.answer = registerModule("answer", new Linear(2 * h, config.answers(), rng));
    }

    @Override
    Output forward(QaBatch batch) {
        int b = batch.size();
        int f = batch.factSteps();
        int h = config.hidden();
        Tensor sentences = PositionalEncoding.encodeWords(embedding.weight(), batch.facts(), batch.wordCounts(),
                QaVocabulary.PAD);                                                        // (F·B, H)
        sentences = dropout.forward(sentences.reshape(f, b, h));                          // (F, B, H)
        Tensor fused = fusion.forward(sentences, batch.factCounts()).output();            // (F, B, 2H)
        Tensor facts = Ops.add(fused.narrow(2, 0, h), fused.narrow(2, h, h));             // (F, B, H)
        Tensor qWords = embedding.forward(batch.question(), batch.questionSteps(), b);    // (Q, B, H)
        Tensor q = question.forward(qWords, batch.questionLengths()).hN().reshape(b, h);  // (B, H)

        Mask keep = Mask.fromLengths(batch.factCounts(), f);                              // (B, F)
        Tensor projected = episode.project(facts);                                        // (F, B, 2H)
        Tensor m = q;
        List<Tensor> attention = new ArrayList<>(config.hops());
        for (Linear update : memory) {
            Tensor g = gate.forward(facts, q, m, keep);                                   // (B, F)
            attention.add(g);
            Tensor context = episode.forward(projected, g);                               // (B, H)
            m = Ops.relu(update.forward(Ops.cat(List.of(m, context, q), 1)));             // (B, H)
        }
        Tensor logits = answer.forward(dropout.forward(Ops.cat(List.of(m, q), 1)));       // (B, C)
        return new Output(logits, attention);
    }

    @Override
    QaConfig config() {
        return config;
    }
}
