package dev.rnn4j.models.seq2seq;

/** Where attention sits in a decoder step, and what the output layer reads. */
public enum DecoderStyle {
    /**
     * Bahdanau et al. (2015), as the common PyTorch tutorial writes it: attention with the previous
     * state s_{t−1} as query; the cell reads {@code [embedding; context]}; the output layer
     * {@code fc_out} reads {@code [s_t; context; embedding]}.
     */
    BAHDANAU,
    /**
     * Luong et al. (2015): the cell reads the embedding (and, with input feeding, the previous
     * attentional vector h̃_{t−1}); attention uses the new state h_t as query; the attentional vector
     * {@code h̃_t = tanh(concat([h_t; context]))} feeds the output layer {@code fc_out}.
     */
    LUONG
}
