/**
 * Layers that speak PyTorch: {@link dev.rnn4j.nn.Linear}, {@link dev.rnn4j.nn.Embedding},
 * {@link dev.rnn4j.nn.Dropout}, {@link dev.rnn4j.nn.LayerNorm}, the recurrent layers {@link dev.rnn4j.nn.RNN},
 * {@link dev.rnn4j.nn.LSTM}, {@link dev.rnn4j.nn.GRU} (numLayers, bidirectional, batchFirst,
 * dropout, per-row lengths) and their one-step cells, initialisers ({@link dev.rnn4j.nn.Init})
 * and losses ({@link dev.rnn4j.nn.Losses}). Parameter names and shapes are PyTorch's, so state
 * dicts load across. {@link dev.rnn4j.nn.RecurrentLayer#of} makes a layer of any cell registered in
 * {@link dev.rnn4j.recurrent.Cells} (the behaviour of each cell lives in {@code dev.rnn4j.recurrent}).
 *
 * <p>Creating a layer has no side effect beyond its parameters: no thread starts. Programs that
 * train may call {@link dev.rnn4j.nn.KernelWarmup#start()} once, before building the model, so the
 * JIT compiles the per-step code around the kernels while the model is built (the command line does).
 */
package dev.rnn4j.nn;
