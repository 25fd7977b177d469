package dev.rnn4j.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link LanguageModelExplainer} says about one text.
 *
 * @param text          the text read (at most {@link LanguageModelExplainer#MAX_CHARACTERS} code points of the
 *                      input)
 * @param truncated     whether the input was longer and cut to {@code text}
 * @param tokens        (T) the text's characters (code points), as the model reads them
 * @param known         (T) whether each character is in the model's vocabulary
 * @param trace         the states and gates of every layer at every character
 * @param mostActive    per layer, the most active units ({@link CellTrace#mostActive}), most active first
 * @param unit          the unit the text is coloured by
 * @param unitChoice    how that unit was chosen, in words
 * @param next          (T) per position, the model's most likely next characters after reading it, best first
 * @param actualNext    (T − 1) the probability the model gave the character that does follow
 * @param trackers      per feature, the units that track it best, best first (empty when the feature is constant
 *                      over the text)
 * @param saturation    gate saturation over the whole text (null for the Elman cell, which has no gates)
 */
public record LanguageModelExplanation(String text, boolean truncated, List<String> tokens, List<Boolean> known,
                                       CellTrace trace, List<int[]> mostActive, UnitIndex unit, String unitChoice,
                                       List<List<Candidate>> next, double[] actualNext,
                                       Map<FeatureTracker.Feature, List<FeatureTracker.Unit>> trackers,
                                       GateSaturation saturation) {

    /** A possible next character and its probability. */
    public record Candidate(String character, double probability) {
    }

    public LanguageModelExplanation {
        tokens = List.copyOf(tokens);
        known = List.copyOf(known);
        mostActive = List.copyOf(mostActive);
        next = List.copyOf(next);
        trackers = Collections.unmodifiableMap(new LinkedHashMap<>(trackers));
    }

    /** The chosen unit's hidden state at every character, (T). */
    public float[] unitValues() {
        return trace.hiddenOf(unit.layer(), unit.unit());
    }
}
