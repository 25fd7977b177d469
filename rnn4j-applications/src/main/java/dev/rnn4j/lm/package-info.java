/**
 * Character-level (or BPE subword) language modelling with recurrent networks (char-rnn; Zaremba et al. 2014,
 * Merity et al. 2018).
 *
 * <ul>
 *   <li>{@link dev.rnn4j.lm.TokenVocabulary}: the ids a model reads and predicts, id 0 an unknown symbol never
 *       generated. {@link dev.rnn4j.lm.CharVocabulary}: the training text's characters plus the unknown symbol,
 *       which every other character maps to when a text is scored; a priming text must use known characters.
 *       {@link dev.rnn4j.lm.BpeVocabulary}: BPE subwords ({@link dev.rnn4j.text.bpe}) learned on the training
 *       text only, with byte fallback, so any text encodes; scores convert to bits per character through the
 *       characters each subword stands for, and generation decodes subwords back to text.</li>
 *   <li>{@link dev.rnn4j.lm.StreamBatches}: the contiguous-stream layout (B parallel streams, consecutive windows
 *       of T characters, optional AWD-LSTM random window length), a {@link dev.rnn4j.train.BatchSource}.</li>
 *   <li>{@link dev.rnn4j.lm.LanguageModelNetwork} with {@link dev.rnn4j.lm.LanguageModelConfig}: embedding,
 *       recurrent layers of any registered cell ({@link dev.rnn4j.recurrent.Cells}), linear decoder, optionally
 *       tied to the embedding; dropout, weight dropout and embedding dropout from the toolkit.</li>
 *   <li>{@link dev.rnn4j.lm.LanguageModel}: training on the {@link dev.rnn4j.train.Trainer}
 *       ({@link dev.rnn4j.lm.LanguageModelTraining}: the hidden state carried across windows and saved in every
 *       checkpoint, so a resumed run ends with the same bytes), scoring ({@link dev.rnn4j.lm.Evaluation}: nats per
 *       character, bits per character, perplexity), generation ({@link dev.rnn4j.lm.GenerationRequest}: greedy or
 *       sampling with temperature, top-k, top-p and a seed; several samples in one batch; characters streamed to a
 *       listener; per-character probabilities), a model folder, and the
 *       {@link dev.rnn4j.predict.Predictor} interface (loaded by {@link dev.rnn4j.lm.LanguageModelFactory}).</li>
 * </ul>
 *
 * <pre>{@code
 * CharVocabulary vocabulary = CharVocabulary.of(train);
 * LanguageModelConfig net = new LanguageModelConfig("LSTM", vocabulary.size(), 128, 512, 2, 0.2, 0, 0, false);
 * LanguageModel model = LanguageModel.train(vocabulary, train, validation, net,
 *         LanguageModelTraining.of(TrainingOptions.of(20, 32, 3e-3)));
 * System.out.println(model.evaluate(validation, 128));           // loss 1.52 nats/char, 2.19 bits/char, ...
 * String text = model.generate(GenerationRequest.of("ROMEO:", 200)).samples().get(0).text();
 * }</pre>
 */
package dev.rnn4j.lm;
