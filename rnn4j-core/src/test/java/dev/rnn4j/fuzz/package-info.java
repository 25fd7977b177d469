/**
 * What every fuzz target ({@code @FuzzTest}, Jazzer) of the project shares: {@link dev.rnn4j.fuzz.ReplayTimeLimit},
 * the time limit on each input when {@code mvn verify} replays the committed inputs. The test-jar of
 * {@code rnn4j-core} carries it to the other modules' fuzz targets; RELIABILITY.md describes the targets.
 */
package dev.rnn4j.fuzz;
