/**
 * The demo behind {@code rnn4j demo}: the adding problem, where a vanilla RNN fails and an LSTM
 * and a GRU succeed, with the gradient norm per time step showing why.
 */
package dev.rnn4j.demo;
