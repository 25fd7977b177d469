package dev.rnn4j.qa;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * The LSTM baseline of Keras' {@code babi_rnn} example (after Weston et al. 2015's LSTM baseline): the story,
 * read as one token stream (its statements with an end token after each), and the question are each embedded
 * and read by an LSTM of their own; the two final states are concatenated and a linear layer scores the answers.
 * <pre>{@code
 * s = story_lstm(story_embedding(story))[last]          # (S, B) -> (S, B, E) -> (B, H)
 * q = question_lstm(question_embedding(question))[last]  # (Q, B) -> (Q, B, E) -> (B, H)
 * logits = answer(dropout([s ; q]))                      # (B, 2H) -> (B, C)
 * }</pre>
 * Padding is skipped with the layers' per-row lengths (Keras pads the streams in front instead). Parameters:
 * {@code story_embedding.weight}, {@code story_lstm.weight_ih_l0}, ..., {@code question_embedding.weight},
 * {@code question_lstm.*}, {@code answer.weight}, {@code answer.bias}.
 */
final class LstmReader extends QaNetwork {

    private final QaConfig config;
    private final Embedding storyEmbedding;
    private final RecurrentLayer storyLstm;
    private final Embedding questionEmbedding;
    private final RecurrentLayer questionLstm;
    private final Dropout dropout;
    private final Linear answer;

    LstmReader(QaConfig config, Rng rng) {
        this.config = config;
        int e = config.embedding();
        int h = config.hidden();
        this.storyEmbedding = registerModule("story_embedding", new Embedding(config.words(), e, QaVocabulary.PAD,
                rng));
        this.storyLstm = registerModule("story_lstm", new LSTM(e, h, rng));
        this.questionEmbedding = registerModule("question_embedding", new Embedding(config.words(), e,
                QaVocabulary.PAD, rng));
        this.questionLstm = registerModule("question_lstm", new LSTM(e, h, rng));
        this.dropout = registerModule("dropout", new Dropout(config.dropout(), rng));
        this.answer = registerModule("answer", new Linear(2 * h, config.answers(), rng));
    }

    @Override
    Output forward(QaBatch batch) {
        int b = batch.size();
        Tensor story = storyEmbedding.forward(batch.story(), batch.storySteps(), b);              // (S, B, E)
        Tensor s = storyLstm.forward(story, batch.storyLengths()).hN().reshape(b, config.hidden()); // (B, H)
        Tensor question = questionEmbedding.forward(batch.question(), batch.questionSteps(), b);  // (Q, B, E)
        Tensor q = questionLstm.forward(question, batch.questionLengths()).hN().reshape(b, config.hidden());
        Tensor logits = answer.forward(dropout.forward(Ops.cat(List.of(s, q), 1)));              // (B, C)
        return new Output(logits, List.of());
    }

    @Override
    QaConfig config() {
        return config;
    }
}
