package dev.rnn4j.translate;

import dev.rnn4j.text.bpe.BpeLearner;
import dev.rnn4j.text.bpe.BpeModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The BPE models of the two sides of a translation model: one joint model learned from both
 * sides (the same object twice; Sennrich et al. recommend it when the languages share an
 * alphabet, and names and numbers are then split alike on both sides), or one per language.
 *
 * @param source the model of the source language
 * @param target the model of the target language ({@code == source} when joint)
 */
public record SubwordModels(BpeModel source, BpeModel target) implements TranslationTokens {

    public SubwordModels {
        if (source == null || target == null) {
            throw new IllegalArgumentException("source and target must not be null");
        }
    }

    /**
     * Learns the BPE models from a training corpus.
     *
     * @param corpus the training pairs
     * @param learner the learner (number of merges, minimum frequencies, normalisation); a joint
     *     model gets its merges once for both languages, separate ones each get that many
     * @param joint one model over the source and target sentences together, or one per language
     * @throws IllegalArgumentException if an argument is null
     */
    public static SubwordModels learn(ParallelCorpus corpus, BpeLearner learner, boolean joint) {
        if (corpus == null || learner == null) {
            throw new IllegalArgumentException("corpus and learner must not be null");
        }
        List<String> sources = new ArrayList<>(corpus.size());
        List<String> targets = new ArrayList<>(corpus.size());
        for (SentencePair pair : corpus.pairs()) {
            sources.add(pair.source());
            targets.add(pair.target());
        }
        if (joint) {
            List<String> both = new ArrayList<>(sources);
            both.addAll(targets);
            BpeModel model = learner.learn(both);
            return new SubwordModels(model, model);
        }
        return new SubwordModels(learner.learn(sources), learner.learn(targets));
    }

    /** {@code bpe}. */
    @Override
    public String unit() {
        return "bpe";
    }

    /** Whether both sides use the same model. */
    public boolean joint() {
        return source == target;
    }

    /** The source side's vocabulary. */
    @Override
    public SubwordVocabulary sourceVocabulary() {
        return SubwordVocabulary.of(source);
    }

    /** The target side's vocabulary. */
    @Override
    public SubwordVocabulary targetVocabulary() {
        return SubwordVocabulary.of(target);
    }
}
