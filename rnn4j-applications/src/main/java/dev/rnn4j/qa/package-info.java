/**
 * Question answering on the bAbI tasks (Weston et al. 2015) with recurrent readers.
 *
 * <ul>
 *   <li>Data: {@link dev.rnn4j.qa.BabiReader} (the numbered-line format, errors with file and line),
 *       {@link dev.rnn4j.qa.BabiTasks} (the 20 tasks' files in {@code en} and {@code en-10k}),
 *       {@link dev.rnn4j.qa.BabiData} (the validation split: the last 10 % of each training file's stories),
 *       {@link dev.rnn4j.qa.QaVocabulary} (words and whole-answer classes).</li>
 *   <li>Networks ({@link dev.rnn4j.qa.QaConfig}): the LSTM reader of Keras' {@code babi_rnn} example, and DMN+
 *       (Xiong et al. 2016) from {@link dev.rnn4j.qa.PositionalEncoding}, a bidirectional GRU,
 *       {@link dev.rnn4j.qa.AttentionGate} and {@link dev.rnn4j.qa.AttentionGru}. Three fused autograd
 *       operations carry DMN+'s per-fact work: the lookup and positional encoding of the statements
 *       ({@code PositionalEncoding.encodeWords}), the gate's scores ({@code AttentionGateScores}) and the
 *       attention GRU's run over the facts ({@code AttentionGruSequence}); each is tested against the same
 *       equations built from {@link dev.rnn4j.tensor.Ops} and by finite differences. Training batches group
 *       stories of similar length ({@code LengthBuckets}), so each pads to few statements. The optional
 *       {@code SupportingFactLoss} supervises each hop's attention with the supporting fact of its step of the
 *       reasoning.</li>
 *   <li>{@link dev.rnn4j.qa.QuestionAnswerer}: training on the {@link dev.rnn4j.train.Trainer}, accuracy per task
 *       ({@link dev.rnn4j.qa.QaEvaluation}), a model folder, and the {@link dev.rnn4j.predict.Predictor} from a
 *       {@link dev.rnn4j.qa.QaQuestion} to a {@link dev.rnn4j.qa.QaAnswer} with the attention per hop.</li>
 * </ul>
 *
 * <pre>{@code
 * BabiData data = BabiData.load(Path.of("tasks_1-20_v1-2"), "en", List.of(1));
 * QaVocabulary vocabulary = QaVocabulary.of(data.train());
 * QuestionAnswerer model = QuestionAnswerer.train(vocabulary, data.train(), data.validation(),
 *         QaDefaults.config(QaConfig.DMN, vocabulary), QaTraining.defaults(QaConfig.DMN, 42));
 * System.out.println(model.evaluate(BabiData.test(Path.of("tasks_1-20_v1-2"), "en", List.of(1))).meanError());
 * QaAnswer a = model.predict(new QaQuestion(List.of("Mary moved to the bathroom."), "Where is Mary?"));
 * }</pre>
 */
package dev.rnn4j.qa;
