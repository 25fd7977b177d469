/**
 * Connectionist temporal classification (Graves et al. 2006): training a sequence model to emit a
 * label sequence without a frame-level alignment.
 *
 * <p>{@link dev.rnn4j.ctc.CtcLoss} is PyTorch's {@code F.ctc_loss} (padded or concatenated targets,
 * input and target lengths, blank, reductions and {@code zero_infinity}) as one autograd node over
 * (T, B, C) log-probabilities; {@link dev.rnn4j.ctc.CtcAlignment} holds its forward-backward
 * recursions over plain arrays. Decoding: {@link dev.rnn4j.ctc.CtcGreedyDecoder} (best path:
 * frame-wise argmax, repeats merged, blanks dropped) and {@link dev.rnn4j.ctc.CtcPrefixBeamSearch}
 * (prefix beam search without a lexicon, n-best {@link dev.rnn4j.ctc.CtcHypothesis} with
 * log-probability scores).
 */
package dev.rnn4j.ctc;
