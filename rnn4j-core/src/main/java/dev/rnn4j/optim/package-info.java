/**
 * Optimisers and gradient clipping with PyTorch's exact update rules.
 *
 * <p>{@link dev.rnn4j.optim.SGD} (momentum, dampening, Nesterov, weight decay),
 * {@link dev.rnn4j.optim.Adam}, {@link dev.rnn4j.optim.AdamW}, {@link dev.rnn4j.optim.RMSprop}
 * (momentum, centred) and {@link dev.rnn4j.optim.Adagrad} follow PyTorch 1.13's single-tensor CPU
 * path operation by operation, in the parameters' own dtype (float32 or float64): where PyTorch's
 * kernel is a fused multiply-add ({@code add(x, alpha)}, {@code addcmul}) we use
 * {@link java.lang.Math#fma}, where it is not ({@code addcdiv}, division by a scalar) we don't.
 * Against tools/make_optim_reference.py's PyTorch values the float32 parameters agree bit for bit
 * after every step. All share {@link dev.rnn4j.optim.Optimizer}: {@code step()}, {@code zeroGrad()},
 * the learning rate that schedules set, and checkpoint state named as PyTorch names it
 * ({@code state.3.exp_avg}).
 *
 * <p>{@link dev.rnn4j.optim.GradClip} is {@code clip_grad_norm_} and {@code clip_grad_value_};
 * learning-rate schedules are in {@link dev.rnn4j.optim.schedule}.
 *
 * <p>Typical loop:
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 1e-3);
 * for (Batch b : batches) {
 *     adam.zeroGrad();
 *     Tensor loss = model.loss(b);
 *     loss.backward();
 *     GradClip.clipGradNorm(model.parameters(), 1.0);
 *     adam.step();
 * }
 * }</pre>
 */
package dev.rnn4j.optim;
