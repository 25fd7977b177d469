/**
 * {@code rnn4j quantize} as a library: {@link dev.rnn4j.quantize.ModelQuantizer} writes the dynamic
 * int8 copy of a saved model folder (the scheme and the layers are {@code dev.rnn4j.quant}'s), which
 * loads through {@link dev.rnn4j.predict.Predictors#load} like the float one.
 */
package dev.rnn4j.quantize;
