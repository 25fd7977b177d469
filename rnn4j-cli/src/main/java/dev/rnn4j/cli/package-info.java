/** The {@code rnn4j} command line (picocli): one subcommand per job. */
package dev.rnn4j.cli;
