/**
 * The golden-case runner: PyTorch reference cases (safetensors files with parameters, inputs,
 * outputs and gradients) run through rnn4j and compared element by element. Used by
 * {@code rnn4j golden DIR} and by the test suite.
 */
package dev.rnn4j.golden;
