/** rnn4j applications, training toolkit and command-line interface. */
package dev.rnn4j;
