/**
 * Text pipeline for text classification: tokenizers ({@link dev.rnn4j.text.WordTokenizer},
 * {@link dev.rnn4j.text.CharTokenizer}), a {@link dev.rnn4j.text.Vocabulary} with {@code <pad>} = 0
 * and {@code <unk>} = 1, data set readers for the common sentiment formats (TSV/CSV,
 * {@code label<space>text} lines, one file per class, one folder per class, PTB sentiment trees;
 * see {@link dev.rnn4j.text.TextDatasets}), a {@link dev.rnn4j.text.LabelSet}, length-bucketed
 * padded batches ({@link dev.rnn4j.text.LengthBucketBatcher}), seeded hold-out and k-fold splits
 * ({@link dev.rnn4j.text.DataSplits}), a checksum-verifying
 * {@link dev.rnn4j.text.DatasetDownloader} for IMDB and SST-2, and a GloVe/word2vec text-format
 * reader ({@link dev.rnn4j.text.PretrainedEmbeddings}). Reversible subword tokenisation (BPE) for
 * translation lives in {@link dev.rnn4j.text.bpe}.
 *
 * <p>Typical use, from files to padded batches:
 * <pre>{@code
 * List<LabeledText> train = TextDatasets.read(Path.of("data/sst2/stsa.binary.train"), ReadOptions.defaults());
 * Tokenizer tokenizer = new WordTokenizer();
 * List<List<String>> tokens = train.stream().map(t -> tokenizer.tokenize(t.text())).toList();
 * Vocabulary vocabulary = Vocabulary.build(tokens, 1, Vocabulary.UNLIMITED);
 * LabelSet labels = LabelSet.fromData(train);
 * List<int[]> ids = tokens.stream().map(vocabulary::encode).toList();
 * LengthBucketBatcher batcher = new LengthBucketBatcher(32, 0, true, 42);
 * for (LengthBucketBatcher.Batch batch : batcher.batches(ids, labels.indices(train), epoch)) {
 *     // batch.ids(): (B, T) padded with 0; batch.lengths(): decreasing; batch.labels(): class indices
 * }
 * vocabulary.save(modelDir.resolve("vocabulary.json"));
 * labels.save(modelDir.resolve("labels.json"));
 * }</pre>
 *
 * <p>This package is plain Java and does not depend on the tensor engine. Every problem with
 * user-supplied data surfaces as a {@link dev.rnn4j.text.DataFormatException} whose message
 * starts with {@code file:line:}.
 */
package dev.rnn4j.text;
