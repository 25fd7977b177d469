/**
 * Layers that speak PyTorch: {@link dev.rnn4j.nn.Linear}, {@link dev.rnn4j.nn.Embedding},
 * {@link dev.rnn4j.nn.Dropout}, the recurrent layers {@link dev.rnn4j.nn.RNN},
 * {@link dev.rnn4j.nn.LSTM}, {@link dev.rnn4j.nn.GRU} (numLayers, bidirectional, batchFirst,
 * dropout, per-row lengths) and their one-step cells, initialisers ({@link dev.rnn4j.nn.Init})
 * and losses ({@link dev.rnn4j.nn.Losses}). Parameter names and shapes are PyTorch's, so state
 * dicts load across.
 */
package dev.rnn4j.nn;
