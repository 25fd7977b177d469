/**
 * Dynamic int8 quantization for inference, as PyTorch's {@code quantize_dynamic} of LSTM, GRU, RNN
 * and Linear layers.
 *
 * <ul>
 *   <li>Weights: int8 with one symmetric scale per output row, {@code scale = max|w_row| / 127}
 *       ({@link dev.rnn4j.quant.Int8Matrix}).</li>
 *   <li>Activations: quantized at run time, one symmetric scale per row of the activation batch,
 *       i.e. per time step per sequence. Per row rather than PyTorch's one asymmetric uint8 scale per
 *       tensor: a row's result then does not depend on the rest of the batch (a prediction is the
 *       same alone or batched, and a sequence stepped one token at a time gives the numbers of the
 *       whole sequence at once), one large activation does not cost the resolution of every other
 *       row, and int8 × int8 products need no zero-point correction. Hidden states, bounded by tanh,
 *       are centred on zero, where a zero point gains nothing.</li>
 *   <li>Products: int8 × int8 summed in int32 ({@link dev.rnn4j.kernels.Kernels#int8GemmPacked} on
 *       each weight prepared once for the kernels in use, scalar reference and Vector API), dequantized
 *       with both scales, plus the float bias. Gate nonlinearities stay in float32.</li>
 * </ul>
 *
 * <p>{@link dev.rnn4j.quant.QuantizedRecurrent} and {@link dev.rnn4j.quant.QuantizedLinear} are the
 * int8 forms that {@link dev.rnn4j.nn.RecurrentLayer#useInt8} and {@link dev.rnn4j.nn.Linear#useInt8}
 * run in evaluation mode when no gradient is recorded; {@link dev.rnn4j.quant.QuantizedStepper} is the
 * streaming path behind {@link dev.rnn4j.recurrent.RecurrentStepper}. {@link dev.rnn4j.quant.Quantizer}
 * turns a state dict into int8 for saving and {@link dev.rnn4j.quant.QuantizedWeights} reads it back
 * (the file convention is in its comment and the {@code io} package's).
 */
package dev.rnn4j.quant;
