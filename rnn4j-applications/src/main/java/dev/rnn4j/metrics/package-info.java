/**
 * Evaluation metrics, each checked against scikit-learn or hand-computed values.
 *
 * <ul>
 *   <li>Classification: {@link dev.rnn4j.metrics.ClassificationMetrics} (accuracy; precision, recall
 *       and F1 binary or {@link dev.rnn4j.metrics.Average macro/micro/weighted}; ROC-AUC),
 *       {@link dev.rnn4j.metrics.ConfusionMatrix} (row = true class, column = predicted) and
 *       {@link dev.rnn4j.metrics.MetricsReport} (the JSON/text report of one evaluation).
 *       Zero divisions give 0, as in scikit-learn.</li>
 *   <li>Language models: {@link dev.rnn4j.metrics.Perplexity} (perplexity and bits per character
 *       from a summed negative log-likelihood in nats).</li>
 *   <li>Regression and forecasting: {@code RegressionMetrics} (MSE, RMSE, MAE, MAPE, sMAPE, MASE).</li>
 *   <li>Machine translation: BLEU and chrF as sacreBLEU computes them, in
 *       {@link dev.rnn4j.metrics.translation}.</li>
 * </ul>
 */
package dev.rnn4j.metrics;
