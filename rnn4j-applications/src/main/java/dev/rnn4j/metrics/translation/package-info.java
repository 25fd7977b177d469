/**
 * Machine-translation metrics computed exactly as sacreBLEU 2.x computes them, so that scores are
 * comparable with published ones: {@link dev.rnn4j.metrics.translation.Bleu} (corpus and sentence
 * BLEU; 13a tokenisation by {@link dev.rnn4j.metrics.translation.Tokenizer13a}, mixed case or
 * lowercased, exp/floor/add-k/no smoothing, effective order, several references) and
 * {@link dev.rnn4j.metrics.translation.Chrf} (chrF2 by default, chrF++ with word n-grams). Each
 * score carries sacreBLEU's signature ({@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:rnn4j-…})
 * and prints the line sacreBLEU prints.
 *
 * <p>Hypotheses and references are detokenised text, one segment per string; references come as
 * sacreBLEU takes them, a list of reference streams with one reference per hypothesis. The tests
 * hold values printed by sacreBLEU itself ({@code tools/make_bleu_reference.py}).
 */
package dev.rnn4j.metrics.translation;
