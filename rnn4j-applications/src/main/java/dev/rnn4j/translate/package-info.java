/**
 * Machine translation: parallel corpora, subword ids, length-bucketed batches, and the application
 * on top of them (training, the model folder, the translator). Decoding is {@link dev.rnn4j.decode};
 * the attention heat map of a translation is {@link dev.rnn4j.chart.AttentionHeatmap}.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.translate.ParallelCorpusReader} reads {@code --src}/{@code --tgt} files
 *       into a {@link dev.rnn4j.translate.ParallelCorpus}: strict UTF-8 (an error names file and
 *       line), pairs with an empty side skipped and counted, files of different lengths
 *       rejected naming both files and both counts.</li>
 *   <li>{@link dev.rnn4j.translate.SubwordModels} learns BPE (joint or per language, merges
 *       configurable) through {@link dev.rnn4j.text.bpe.BpeLearner};
 *       {@link dev.rnn4j.translate.SubwordVocabulary} numbers a model's tokens after
 *       {@code <pad>} 0, {@code <sos>} 1, {@code <eos>} 2, {@code <unk>} 3.
 *       {@link dev.rnn4j.translate.WordVocabularies} is the word-level option: one vocabulary per
 *       language of the frequent words (capped, with a minimum count), every other word
 *       {@code <unk>}; both are {@link dev.rnn4j.translate.TranslationTokens}.</li>
 *   <li>{@link dev.rnn4j.translate.PairEncoder} turns pairs into ids under a maximum length in
 *       subword tokens: training pairs over it are skipped and counted, a sentence to translate
 *       over it is an error or truncated ({@link dev.rnn4j.translate.LongSentencePolicy}).</li>
 *   <li>{@link dev.rnn4j.translate.PairBatcher} builds length-bucketed, seeded batches by
 *       sentences or by a token budget: {@link dev.rnn4j.translate.PairBatch} holds the source
 *       (S, B) and target (T, B) ids time-major and padded, with their lengths.</li>
 * </ul>
 *
 * <p>The application:
 * <ul>
 *   <li>{@link dev.rnn4j.translate.Seq2SeqStepDecoder} runs the searches of {@link dev.rnn4j.decode}
 *       over a {@link dev.rnn4j.models.seq2seq.Seq2Seq}.</li>
 *   <li>{@link dev.rnn4j.translate.TranslationTraining} learns the BPE model(s) and trains the
 *       encoder-decoder with the {@link dev.rnn4j.train.Trainer} under
 *       {@link dev.rnn4j.translate.TranslationOptions}: token-budget batches, teacher forcing,
 *       dropout, label smoothing, clipping, learning-rate decay and early stopping on greedy dev
 *       BLEU or dev loss, checkpoints and resume, a time budget.</li>
 *   <li>{@link dev.rnn4j.translate.TranslationModel} is the trained model and its folder
 *       ({@code weights.safetensors} with PyTorch names, {@code config.json} with task
 *       {@code translation}, the BPE model(s) or word vocabularies).</li>
 *   <li>{@link dev.rnn4j.translate.Translator} is its {@link dev.rnn4j.predict.Predictor}: a sentence
 *       in, a {@link dev.rnn4j.translate.Translation} out (n-best candidates with scores, the
 *       attention over the subwords); {@link dev.rnn4j.translate.TranslatorFactory} registers it.</li>
 *   <li>{@link dev.rnn4j.translate.TranslationScores} gives sacreBLEU's BLEU, lowercase BLEU, chrF
 *       and the model's perplexity.</li>
 * </ul>
 *
 * <p>Typical training-side use:
 * <pre>{@code
 * ParallelCorpus train = ParallelCorpusReader.read(data.resolve("train.de"), data.resolve("train.en"));
 * log(train.summary());                  // 29000 sentence pairs from train.de / train.en
 * SubwordModels bpe = SubwordModels.learn(train, BpeLearner.builder().merges(10_000).build(), true);
 * PairEncoder encoder = new PairEncoder(bpe.sourceVocabulary(), bpe.targetVocabulary(), 100);
 * EncodedCorpus encoded = encoder.encodeTraining(train);
 * for (PairBatch batch : PairBatcher.byTokens(4096, seed).batches(encoded.pairs(), epoch)) {
 *     // batch.source(): (S, B); batch.target(): (T, B); teacher forcing feeds target[0 .. T-2]
 * }
 * }</pre>
 */
package dev.rnn4j.translate;
