/**
 * Export of trained networks to ONNX, opset {@value dev.rnn4j.onnx.OnnxGraph#OPSET}, so that
 * another runtime (ONNX Runtime, for one) can run them.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.onnx.OnnxExport}: the entry point behind {@code rnn4j export}; reads a
 *       model folder, picks the exporter by the folder's task, writes the file(s) atomically;
 *       refuses int8 folders.</li>
 *   <li>{@code ClassifierExport}: a text classifier's networks ({@code Gather} embedding, the
 *       recurrent stack, the pooling, {@code Gemm} head, ensemble mean, softmax at the
 *       temperature); inputs {@code ids} and {@code lengths}, dynamic batch and steps.</li>
 *   <li>{@code ForecasterExport}: a forecaster's networks (the recurrent stack, the head on the
 *       last state, the ensemble mean) over a window in the transformed scale.</li>
 *   <li>{@code LanguageModelExport}: a character language model's network over one window
 *       ({@code ids} (steps, batch), {@code h0}/{@code c0} in; {@code logits} (steps, batch, V),
 *       {@code hN}/{@code cN} out), tied weights stored once.</li>
 *   <li>{@code TranslatorExport} and {@code DecoderStepExport}: a translation model as two graphs,
 *       the encoder (source ids and lengths to the attention memory and the decoder's first state)
 *       and one decoder step (previous token and state to log-probabilities, attention weights
 *       and the next state), every attention score, layout and cell of the model.</li>
 *   <li>{@code RecurrentExport}: a {@link dev.rnn4j.nn.RecurrentLayer} as ONNX {@code LSTM},
 *       {@code GRU} and {@code RNN} nodes, one per layer, with PyTorch's gate order (LSTM i, f, g,
 *       o; GRU r, z, n) converted to ONNX's (i, o, f, c; z, r, h), the biases as
 *       {@code [Wb; Rb]}, GRU with {@code linear_before_reset = 1}; refuses cells ONNX has no
 *       operator for, naming the layer.</li>
 *   <li>{@code OnnxGraph}: initializers, nodes and unique value names over the protobuf messages
 *       of {@link dev.rnn4j.onnx.proto}.</li>
 * </ul>
 *
 * <p>Errors a user can cause (an unsupported layer or model, a missing folder) are
 * {@link dev.rnn4j.onnx.OnnxExportException}s whose message names what is at fault.
 */
package dev.rnn4j.onnx;
