/**
 * The Free Spoken Digit Dataset (FSDD; Jackson et al., CC BY-SA 4.0): {@link dev.rnn4j.speech.data.FsddDataset}
 * reads a folder of {@code {digit}_{speaker}_{index}.wav} recordings and gives the official split (index 0-4
 * test, 5-49 train) and leave-one-speaker-out splits; {@link dev.rnn4j.speech.data.ConnectedDigits} builds
 * connected-digit utterances of 2-7 digits from one speaker's recordings, with random silences and gains,
 * deterministically from a seed.
 */
package dev.rnn4j.speech.data;
