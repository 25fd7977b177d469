/**
 * Explanations of trained models: which tokens made the classifier decide, which past values drove the
 * forecast.
 *
 * <p>{@link dev.rnn4j.explain.Attributions} computes integrated gradients (trapezoid rule), occlusion and
 * gradient × input of any {@link dev.rnn4j.explain.ScalarOutput}, each in one batched pass, with gradients from
 * the engine's autograd. {@link dev.rnn4j.explain.TextExplainer} and
 * {@link dev.rnn4j.explain.SeriesExplainer} state the output and the baseline for the classifier and the
 * forecaster; {@link dev.rnn4j.explain.ExplanationHtml} writes them as one self-contained HTML page and
 * {@link dev.rnn4j.explain.ExplanationJson} as JSON with the same numbers.
 */
package dev.rnn4j.explain;
