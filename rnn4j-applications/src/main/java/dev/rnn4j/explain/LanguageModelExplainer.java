package dev.rnn4j.explain;

import dev.rnn4j.lm.CharVocabulary;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelNetwork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks inside a character {@link LanguageModel} reading one text: every layer's states and gates per character
 * ({@link CellInspector}), the most active units, gate saturation ({@link GateSaturation}), the units tracking
 * simple features of the text ({@link FeatureTracker}), and the model's top {@value #TOP_NEXT} next characters
 * after each one. Reads the text from a zero state, one stream, no dropout; thread-safe (only reads the model).
 */
public final class LanguageModelExplainer {

    /** The most characters read; a longer text is cut (the inspection pass costs about 4H(E + H) per character). */
    public static final int MAX_CHARACTERS = 5000;
    /** The next characters listed per position. */
    public static final int TOP_NEXT = 5;
    /** The units listed per layer as the most active, and per feature as its best trackers. */
    public static final int TOP_UNITS = 8;

    private final LanguageModel model;

    /**
     * @throws IllegalArgumentException if {@code model} is null, reads BPE subwords rather than characters, or its
     *                                  cell is not one {@link CellInspector} reads
     */
    public LanguageModelExplainer(LanguageModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a language model, got null");
        }
        if (!(model.vocabulary() instanceof CharVocabulary)) {
            throw new IllegalArgumentException("model: the inside-the-cells view reads a text character by character,"
                    + " and this model reads BPE subwords; explain a character model (lm train --tokens char)");
        }
        if (!CellInspector.CELLS.contains(model.config().cell())) {
            throw new IllegalArgumentException("model: the inside-the-cells view reads the cells "
                    + CellInspector.CELLS + ", this model's cell is " + model.config().cell());
        }
        this.model = model;
    }

    /**
     * Explains {@code text} (its first {@value #MAX_CHARACTERS} characters).
     *
     * @param unit the unit to colour the text by, or null for the best tracker of any feature (the largest |r|;
     *             the most active unit of the top layer if every feature is constant over the text)
     * @throws IllegalArgumentException for a null or empty text, a text of only unknown characters, or a unit out
     *                                  of range (naming the layer count and size)
     */
    public LanguageModelExplanation explain(String text, UnitIndex unit) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text: empty, a language model needs at least one character to read");
        }
        LanguageModelNetwork network = model.network();
        int layers = model.config().layers();
        int hidden = model.config().hidden();
        if (unit != null) {
            unit.check(layers, hidden);
        }
        boolean truncated = text.codePointCount(0, text.length()) > MAX_CHARACTERS;
        if (truncated) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_CHARACTERS));
        }
        CharVocabulary vocabulary = (CharVocabulary) model.vocabulary();
        int[] ids = vocabulary.encode(text);
        List<String> tokens = new ArrayList<>(ids.length);
        List<Boolean> known = new ArrayList<>(ids.length);
        boolean anyKnown = false;
        int[] cps = text.codePoints().toArray();
        for (int t = 0; t < ids.length; t++) {
            tokens.add(new String(Character.toChars(cps[t])));
            known.add(ids[t] != CharVocabulary.UNKNOWN);
            anyKnown |= ids[t] != CharVocabulary.UNKNOWN;
        }
        if (!anyKnown) {
            throw new IllegalArgumentException("text: every character is unknown to the model's vocabulary, so the"
                    + " network reads only the unknown symbol and there is nothing to explain");
        }
        int steps = ids.length;
        int e = model.config().embedding();
        float[] embedding = network.embeddingWeight().toFloatArray(); // (V, E)
        float[] x = new float[steps * e];                              // (T, E)
        for (int t = 0; t < steps; t++) {
            System.arraycopy(embedding, ids[t] * e, x, t * e, e);
        }
        CellTrace trace = CellInspector.trace(network.rnn(), x, steps);
        List<int[]> mostActive = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            mostActive.add(trace.mostActive(l, TOP_UNITS));
        }
        Map<FeatureTracker.Feature, List<FeatureTracker.Unit>> trackers = new EnumMap<>(FeatureTracker.Feature.class);
        for (FeatureTracker.Feature f : FeatureTracker.Feature.values()) {
            trackers.put(f, FeatureTracker.best(trace, f.of(text), TOP_UNITS));
        }
        String choice;
        if (unit != null) {
            choice = "chosen with --unit";
        } else {
            FeatureTracker.Unit best = null;
            FeatureTracker.Feature bestFeature = null;
            for (Map.Entry<FeatureTracker.Feature, List<FeatureTracker.Unit>> entry : trackers.entrySet()) {
                for (FeatureTracker.Unit candidate : entry.getValue()) {
                    if (best == null || Math.abs(candidate.correlation()) > Math.abs(best.correlation())) {
                        best = candidate;
                        bestFeature = entry.getKey();
                    }
                }
            }
            if (best != null) {
                unit = new UnitIndex(best.layer(), best.unit());
                choice = String.format(Locale.ROOT, "the unit that tracks %s best (Pearson r = %.3f)",
                        bestFeature.description(), best.correlation());
            } else {
                unit = new UnitIndex(layers - 1, mostActive.get(layers - 1)[0]);
                choice = "the most active unit of the top layer (no feature varies over this text)";
            }
        }
        List<List<LanguageModelExplanation.Candidate>> next = new ArrayList<>(steps);
        double[] actualNext = new double[steps - 1];
        nextCharacters(trace.layers().get(layers - 1).hidden(), ids, next, actualNext);
        GateSaturation saturation = trace.gates().isEmpty() ? null : GateSaturation.of(List.of(trace));
        return new LanguageModelExplanation(text, truncated, tokens, known, trace, mostActive, unit, choice, next,
                actualNext, trackers, saturation);
    }

    // per step t: softmax(decoder(h_t)) (V), its top characters and the probability of character t + 1
    private void nextCharacters(float[] top, int[] ids, List<List<LanguageModelExplanation.Candidate>> next,
                                double[] actualNext) {
        LanguageModelNetwork network = model.network();
        int h = model.config().hidden();
        int v = model.config().vocabulary();
        float[] weight = network.decoderWeight().toFloatArray(); // (V, H)
        float[] bias = network.decoderBias().toFloatArray();     // (V)
        double[] logits = new double[v];
        Integer[] order = new Integer[v];
        for (int t = 0; t < ids.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                double s = bias[j];
                for (int k = 0; k < h; k++) {
                    s += (double) weight[j * h + k] * top[t * h + k];
                }
                logits[j] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                logits[j] = Math.exp(logits[j] - max);
                sum += logits[j];
            }
            for (int j = 0; j < v; j++) {
                logits[j] /= sum;
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Double.compare(logits[b], logits[a])
                    : a - b);
            List<LanguageModelExplanation.Candidate> best = new ArrayList<>(TOP_NEXT);
            for (int i = 0; i < Math.min(TOP_NEXT, v); i++) {
                best.add(new LanguageModelExplanation.Candidate(((CharVocabulary) model.vocabulary()).decode(order[i]),
                        logits[order[i]]));
            }
            next.add(best);
            if (t + 1 < ids.length) {
                actualNext[t] = logits[ids[t + 1]];
            }
        }
    }
}
