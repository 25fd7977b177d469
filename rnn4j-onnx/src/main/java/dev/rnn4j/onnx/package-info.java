/**
 * Export of trained rnn4j networks to ONNX.
 */
package dev.rnn4j.onnx;
