/**
 * Text pipeline for text classification: tokenizers ({@link dev.rnn4j.text.WordTokenizer},
 * {@link dev.rnn4j.text.CharTokenizer}), a {@link dev.rnn4j.text.Vocabulary} with {@code <pad>} = 0
 * and {@code <unk>} = 1, data set readers for the common sentiment formats (TSV/CSV,
 * {@code label<space>text} lines, one file per class, one folder per class, PTB sentiment trees;
 * see {@link dev.rnn4j.text.TextDatasets}), a {@link dev.rnn4j.text.LabelSet}, length-bucketed
 * padded batches ({@link dev.rnn4j.text.LengthBucketBatcher}), seeded hold-out and k-fold splits
 * ({@link dev.rnn4j.text.DataSplits}), a checksum-verifying
 * {@link dev.rnn4j.text.DatasetDownloader} for IMDB and SST-2, and a GloVe/word2vec text-format
 * reader ({@link dev.rnn4j.text.PretrainedEmbeddings}).
 *
 * <p>This package is plain Java and does not depend on the tensor engine. Every problem with
 * user-supplied data surfaces as a {@link dev.rnn4j.text.DataFormatException} whose message
 * starts with {@code file:line:}.
 */
package dev.rnn4j.text;
