/**
 * Explanations of trained models: which tokens made the classifier decide, which past values drove the
 * forecast, what the cells of a language model do, where the translator looked.
 *
 * <p>{@link dev.rnn4j.explain.Attributions} computes integrated gradients (trapezoid rule), occlusion and
 * gradient × input of any {@link dev.rnn4j.explain.ScalarOutput}, each in one batched pass, with gradients from
 * the engine's autograd. {@link dev.rnn4j.explain.TextExplainer} and
 * {@link dev.rnn4j.explain.SeriesExplainer} state the output and the baseline for the classifier and the
 * forecaster; {@link dev.rnn4j.explain.ExplanationHtml} writes them as one self-contained HTML page and
 * {@link dev.rnn4j.explain.ExplanationJson} as JSON with the same numbers.
 *
 * <p>Inside the cells: {@link dev.rnn4j.explain.CellInspector} steps a recurrent layer's cell equations in a pass
 * of its own and records states and gates ({@link dev.rnn4j.explain.CellTrace}), leaving the engine's fused
 * kernels untouched; {@link dev.rnn4j.explain.GateSaturation} counts saturated gates,
 * {@link dev.rnn4j.explain.FeatureTracker} finds units that follow a feature of the text, and
 * {@link dev.rnn4j.explain.StatesCsv} writes the states as CSV. {@link dev.rnn4j.explain.LanguageModelExplainer}
 * puts them together for a character language model ({@link dev.rnn4j.explain.LanguageModelHtml}); the text and
 * series explanations carry the first ensemble network's trace, which the classifier and forecaster reports
 * show after the attributions;
 * {@link dev.rnn4j.explain.TranslationHtml} shows a translation's attention matrix.
 */
package dev.rnn4j.explain;
