package dev.rnn4j.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TextExplainer} says about one text.
 *
 * @param text                  the text as given
 * @param tokens                (L) its tokens as the model reads them (truncated to the model's maximum length)
 * @param known                 (L) whether each token is in the vocabulary (unknown ones read the {@code <unk>}
 *                              embedding)
 * @param label                 the model's predicted label (networks and n-gram table, as {@code predict})
 * @param probabilities         the model's probability per label (as {@code predict}, calibrated)
 * @param networkProbabilities  the probability per label of the networks alone (the explained part)
 * @param explained             what the attribution scores explain, in words
 * @param baseline              the baseline the scores are measured from, in words
 * @param attribution           the scores, one per token
 * @param cells                 the first ensemble member's recurrent states and gates at each token
 *                              ({@link CellInspector}), or null when its cell is not one the inspector reads
 */
public record TextExplanation(String text, List<String> tokens, List<Boolean> known, String label,
                              Map<String, Double> probabilities, Map<String, Double> networkProbabilities,
                              String explained, String baseline, Attribution attribution,
                              CellTrace cells) {

    /** Copies the lists and maps. */
    public TextExplanation {
        tokens = List.copyOf(tokens);
        known = List.copyOf(known);
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        networkProbabilities = Collections.unmodifiableMap(
                new LinkedHashMap<>(networkProbabilities));
    }
}
