package dev.rnn4j.translate;

import dev.rnn4j.metrics.translation.Bleu;
import dev.rnn4j.metrics.translation.BleuScore;
import dev.rnn4j.metrics.translation.Chrf;
import dev.rnn4j.metrics.translation.ChrfScore;
import dev.rnn4j.tensor.Autograd;

import java.util.List;

/**
 * The scores of translations against references: sacreBLEU's default BLEU (13a, mixed case, exponential
 * smoothing), its lowercase variant and chrF, all on detokenised text with one reference per sentence.
 *
 * @param bleu      sacreBLEU's default BLEU, with its signature
 * @param lowercase BLEU with {@code --lowercase}
 * @param chrf      chrF (character 6-grams, beta 2)
 */
public record TranslationScores(BleuScore bleu, BleuScore lowercase, ChrfScore chrf) {

    /**
     * Scores hypotheses against references, line by line.
     *
     * @throws IllegalArgumentException if the lists differ in length or hold a null
     */
    public static TranslationScores of(List<String> hypotheses, List<String> references) {
        if (hypotheses == null || references == null || hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("expected one reference per hypothesis, got "
                    + (hypotheses == null ? "null" : hypotheses.size()) + " hypotheses and "
                    + (references == null ? "null" : references.size()) + " references");
        }
        return new TranslationScores(Bleu.sacreBleuDefault().corpusScore(hypotheses, List.of(references)),
                Bleu.lowercased().corpusScore(hypotheses, List.of(references)),
                Chrf.sacreBleuDefault().corpusScore(hypotheses, List.of(references)));
    }

    /**
     * The model's perplexity on the references given the sources (teacher forced, no label smoothing):
     * {@code exp} of the mean cross entropy per target subword token, {@code <eos>} included, over the pairs
     * within the model's maximum length.
     *
     * @throws IllegalArgumentException if no pair fits the maximum length
     */
    public static double perplexity(TranslationModel model, ParallelCorpus corpus) {
        if (model == null || corpus == null) {
            throw new IllegalArgumentException("model and corpus: expected non-null arguments");
        }
        PairEncoder encoder = new PairEncoder(model.sourceVocabulary(), model.targetVocabulary(), model.maxTokens());
        EncodedCorpus encoded = encoder.encodeTraining(corpus);
        if (encoded.pairs().isEmpty()) {
            throw new IllegalArgumentException(corpus.sourceFile() + ": no pair has at most " + model.maxTokens()
                    + " subword tokens per side, so there is nothing to measure the perplexity on");
        }
        double sum = 0;
        long count = 0;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (PairBatch b : PairBatcher.byTokens(Math.max(4000, model.maxTokens() + 2), 0)
                    .evaluationBatches(encoded.pairs())) {
                sum += TranslationTraining.summedNll(model.network(), b);
                count += b.targetTokens();
            }
        }
        return Math.exp(sum / count);
    }
}
