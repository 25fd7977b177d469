/**
 * One shape for every trained model after training: {@link dev.rnn4j.predict.Predictor} (predict one
 * input or a batch, describe itself; safe to call from several threads at once), loaded from its
 * folder by {@link dev.rnn4j.predict.Predictors#load}, which picks the application's
 * {@link dev.rnn4j.predict.PredictorFactory} by the folder's {@code task}.
 */
package dev.rnn4j.predict;
