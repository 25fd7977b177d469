/**
 * Fused recurrent sequence kernels: one autograd node per layer and direction, with the input
 * projections of all steps as large GEMMs, one GEMM plus one fused gate pass per step, and weight
 * gradients gathered into GEMMs over chunks of steps; the steps run on one of the kernels' threads
 * and the products over many steps on the other ({@code GateGradientProducts}). Variable-length
 * batches follow PyTorch's packed sequences exactly.
 *
 * <p><b>Cells.</b> What differs between recurrent cells lives in one class per cell, a
 * {@link dev.rnn4j.recurrent.Cell}: its gate count and order, its parameters (PyTorch's names and
 * shapes), whether it has a cell state, the pointwise gate pass of one step forward and backward
 * (which calls the named gate kernel of {@link dev.rnn4j.kernels.Kernels} it needs), and how the
 * streaming stepper stacks its weights and runs its gate pass. {@link dev.rnn4j.recurrent.RecurrentSequence}
 * (training and batched inference) and {@link dev.rnn4j.recurrent.RecurrentStepper} (streaming) do
 * the rest for every cell and call the cell once per step; {@link dev.rnn4j.recurrent.TokenStepper}
 * streams tokens through an embedding and a layer (a language model generating), with the embedding
 * folded into the first layer when the vocabulary is smaller than the embedding. The cells, registered by name in
 * {@link dev.rnn4j.recurrent.Cells}:
 * <ul>
 *   <li>{@code RNN_TANH}, {@code RNN_RELU}: {@code ElmanCell}, one gate.</li>
 *   <li>{@code LSTM}: {@code LstmCell}, gates i, f, g, o; states h and c; a fused streaming step.</li>
 *   <li>{@code GRU}: {@code GruCell}, gates r, z, n; keeps {@code W_hh h + b_hh} apart from the
 *       input projection (the reset gate scales its n block) and has a path from h to h' that
 *       bypasses {@code W_hh}; a fused streaming step.</li>
 *   <li>{@code LSTM_LN}, {@code GRU_LN}: {@code LayerNormLstmCell}, {@code LayerNormGruCell}, the
 *       layer-normalised cells (Ba et al. 2016; each gate block of {@code W_ih x} and of
 *       {@code W_hh h} normalised apart, and for the LSTM the cell state before the output tanh).
 *       They use the hooks below for their gains and shifts and compute each row in double precision
 *       ({@code RowMath}); no fused streaming step.</li>
 * </ul>
 * {@link dev.rnn4j.recurrent.CellType} names the built-in cells for users and maps each to its cell;
 * {@code RecurrentLayer.of(cell, options, rng)} in {@code dev.rnn4j.nn} makes a layer of any
 * registered cell.
 *
 * <p><b>Adding a cell</b> whose parameters are PyTorch's four:
 * <ol>
 *   <li>Write its class in this package, extending {@link dev.rnn4j.recurrent.Cell}: the name and
 *       gate count; {@code forwardGates} and {@code backwardGates} over the step's
 *       {@code StepArrays} (float32 and float64, through {@code SeqMath}, whose gate kernels call
 *       {@link dev.rnn4j.kernels.Kernels}); the flags that tell the engine how the cell uses
 *       {@code W_hh} ({@code separateRecurrentProjection}, {@code directStatePath},
 *       {@code backwardReadsOutput}, {@code hasCellState}); and {@code stepGates} for the stepper
 *       (with {@code stack} and {@code stepScratchFloats} if it stacks its weights differently).</li>
 *   <li>If its gate pass is new arithmetic, add the named kernel to {@link dev.rnn4j.kernels.Kernels}
 *       with its reference in {@link dev.rnn4j.kernels.ScalarKernels} (and its float64 twin for
 *       gradient checks), and to {@code SeqMath}.</li>
 *   <li>Register it in {@link dev.rnn4j.recurrent.Cells} (and, to offer it by name, add a
 *       {@link dev.rnn4j.recurrent.CellType} constant of the same name).</li>
 * </ol>
 * The finite-difference checks of {@code CellSeamTest} show the pattern for testing it.
 *
 * <p><b>Parameters beyond PyTorch's four.</b> The engine takes two kinds:
 * <ul>
 *   <li>A projection ({@code proj_size} P, PyTorch's {@code weight_hr} (P, H)) for a cell whose gate
 *       pass reads neither h_prev nor its own h ({@code supportsProjection}, the LSTM): the engine
 *       projects the gate pass's output, so h, {@code W_hh}'s columns and the next layer's input
 *       have P features while c keeps H; the cell does nothing.</li>
 *   <li>Parameters of the cell's own ({@code extraParameterShapes}, each with its name, shape and
 *       initial fill): the engine makes them inputs of the sequence node and hands their data and
 *       gradient arrays to the gate pass ({@code StepArrays.extra}, {@code dExtra}), with a (T, B, ·)
 *       array for what the cell saves for backward ({@code savedWidth}) and a scratch
 *       ({@code rowScratchDoubles}). A cell whose shifts come after a normalisation says
 *       {@code standardBiases() == false}, so the engine adds no {@code bias_ih}, {@code bias_hh}.</li>
 * </ul>
 */
package dev.rnn4j.recurrent;
