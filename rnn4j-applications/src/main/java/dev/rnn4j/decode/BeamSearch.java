package dev.rnn4j.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Batched beam search with n-best lists, as fairseq's {@code SequenceGenerator} does it.
 *
 * <p>Each source keeps up to {@code beamSize} open hypotheses, scored by their summed
 * log-probability. At every step all open hypotheses of all unfinished sources go through one
 * {@link StepDecoder#step} call. For each source the {@code 2 * beamSize} best extensions (open
 * score plus the token's log-probability; ties go to the earlier hypothesis, then the lower token
 * id) are ranked: an extension by {@code <eos>} among the first {@code beamSize} of them finishes
 * its hypothesis, and the first {@code beamSize} other extensions stay open. A source is done when
 * it has {@code beamSize} finished hypotheses or none open; at the maximum length of
 * {@link DecodeSettings} every open hypothesis is finished with a forced {@code <eos>}. Finished
 * hypotheses are ranked by {@code logProbability / penalty.denominator(length + 1, alpha)} (see
 * {@link LengthPenalty}), and the best {@code nBest} are returned, best first.
 *
 * <p>With {@code beamSize} 1 this is exactly {@link GreedySearch}: the one open hypothesis
 * always takes the best token.
 *
 * <p>Beam search is not monotone in the beam size: the greedy path can drop out of the beam and
 * every surviving hypothesis end lower than greedy decoding would have. With
 * {@link Builder#keepGreedy(boolean) keepGreedy} (the default) the greedy hypothesis of each source
 * is decoded as well (one more batch of one row per source, so {@code 1 / beamSize} more work) and
 * competes with the beam's finished hypotheses, so the best result never scores below greedy
 * decoding. Thread-safe; the decoder decides whether concurrent searches may share it.
 */
public final class BeamSearch {

    private final DecodeSettings settings;
    private final int beamSize;
    private final int nBest;
    private final LengthPenalty lengthPenalty;
    private final double alpha;
    private final boolean keepGreedy;

    private BeamSearch(Builder b) {
        this.settings = b.settings;
        this.beamSize = b.beamSize;
        this.nBest = b.nBest;
        this.lengthPenalty = b.lengthPenalty;
        this.alpha = b.alpha;
        this.keepGreedy = b.keepGreedy;
    }

    /**
     * A builder with beam size 5, n-best 1, fairseq's length penalty with alpha 1, and the greedy
     * hypothesis kept.
     *
     * @param settings start and end tokens, maximum length, blocked tokens; must not be null
     */
    public static Builder builder(DecodeSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        return new Builder(settings);
    }

    public DecodeSettings settings() {
        return settings;
    }

    public int beamSize() {
        return beamSize;
    }

    public int nBest() {
        return nBest;
    }

    /** The ranking score of a finished hypothesis of {@code tokens} tokens before {@code <eos>}. */
    public double score(double logProbability, int tokens) {
        return logProbability / lengthPenalty.denominator(tokens + 1, alpha);
    }

    /**
     * Searches every row of {@code initialStates}.
     *
     * @param decoder the model
     * @param initialStates the decoder's states before the first step, one row per source
     * @param sourceLengths the source length of each row, for the maximum output length; its
     *     length is the number of rows of {@code initialStates}
     * @return per source row, in row order, its n-best list: at most {@code nBest} hypotheses with
     *     distinct tokens, best score first
     * @throws IllegalArgumentException if an argument is null, a source length is negative, or a
     *     token id of the settings is outside the decoder's vocabulary
     * @throws IllegalStateException if the decoder returns arrays of the wrong size
     */
    public <S> List<List<Hypothesis>> search(StepDecoder<S> decoder, S initialStates, int[] sourceLengths) {
        if (decoder == null || initialStates == null) {
            throw new IllegalArgumentException("decoder and initialStates must not be null");
        }
        int vocabularySize = decoder.vocabularySize();
        int batch = sourceLengths == null ? 0 : sourceLengths.length;
        boolean[] blocked = settings.checkAndMask(vocabularySize, batch, sourceLengths);
        List<List<Hypothesis>> finished = beam(decoder, initialStates, sourceLengths, vocabularySize, blocked);
        if (keepGreedy) {
            List<Hypothesis> greedy = new GreedySearch(settings).search(decoder, initialStates, sourceLengths);
            for (int b = 0; b < batch; b++) {
                Hypothesis g = greedy.get(b);
                if (finished.get(b).stream().noneMatch(h -> Arrays.equals(h.tokens(), g.tokens()))) {
                    finished.get(b).add(new Hypothesis(g.tokens(), g.logProbability(),
                            score(g.logProbability(), g.length()), g.reachedMaxLength(), g.attention()));
                }
            }
        }
        List<List<Hypothesis>> results = new ArrayList<>(batch);
        for (List<Hypothesis> list : finished) {
            // stable: among equal scores the one finished first stays first
            list.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
            results.add(List.copyOf(list.subList(0, Math.min(nBest, list.size()))));
        }
        return results;
    }

    private <S> List<List<Hypothesis>> beam(StepDecoder<S> decoder, S initialStates, int[] sourceLengths,
            int vocabularySize, boolean[] blocked) {
        int batch = sourceLengths.length;
        int eos = settings.eosId();
        int candidatesPerSource = 2 * beamSize;
        List<List<Hypothesis>> finished = new ArrayList<>(batch);
        // open hypotheses: per source its prefixes and summed log-probabilities
        Prefix[][] open = new Prefix[batch][];
        double[][] openScores = new double[batch][];
        int[] maxLength = new int[batch];
        for (int b = 0; b < batch; b++) {
            finished.add(new ArrayList<>());
            open[b] = new Prefix[] {Prefix.EMPTY};
            openScores[b] = new double[] {0.0};
            maxLength[b] = settings.maxLength(sourceLengths[b]);
        }
        // the state rows hold the open hypotheses of every unfinished source, source by source
        S states = initialStates;
        int[] previous = new int[batch];
        Arrays.fill(previous, settings.sosId());
        int rows = batch;
        double[] candidateScores = new double[candidatesPerSource];
        int[] candidateRows = new int[candidatesPerSource];
        int[] candidateTokens = new int[candidatesPerSource];
        while (rows > 0) {
            StepDecoder.Step<S> step = StepChecks.run(decoder, states, previous, vocabularySize);
            float[] lp = step.logProbabilities();
            int[] nextRows = new int[rows * beamSize];
            int[] nextPrevious = new int[rows * beamSize];
            int next = 0;
            int firstRow = 0;
            for (int b = 0; b < batch; b++) {
                Prefix[] prefixes = open[b];
                if (prefixes.length == 0) {
                    continue;
                }
                boolean forced = prefixes[0].length >= maxLength[b];
                int count = 0;
                for (int i = 0; i < prefixes.length; i++) {
                    int offset = (firstRow + i) * vocabularySize;
                    for (int v = forced ? eos : 0; v < (forced ? eos + 1 : vocabularySize); v++) {
                        if (blocked[v]) {
                            continue;
                        }
                        double score = openScores[b][i] + lp[offset + v];
                        // insert after every candidate scoring at least as much: earlier (row, token) wins ties
                        if (count == candidatesPerSource && !(score > candidateScores[count - 1])) {
                            continue;
                        }
                        int p = count < candidatesPerSource ? count++ : count - 1;
                        while (p > 0 && score > candidateScores[p - 1]) {
                            candidateScores[p] = candidateScores[p - 1];
                            candidateRows[p] = candidateRows[p - 1];
                            candidateTokens[p] = candidateTokens[p - 1];
                            p--;
                        }
                        candidateScores[p] = score;
                        candidateRows[p] = i;
                        candidateTokens[p] = v;
                    }
                }
                List<Hypothesis> done = finished.get(b);
                List<Prefix> stillOpen = new ArrayList<>(beamSize);
                List<Double> stillOpenScores = new ArrayList<>(beamSize);
                for (int j = 0; j < count; j++) {
                    int i = candidateRows[j];
                    int token = candidateTokens[j];
                    if (token == eos) {
                        if ((j < beamSize || forced) && done.size() < beamSize) {
                            Prefix ended = new Prefix(prefixes[i], token, Prefix.attentionRow(step.attention(), rows, firstRow + i));
                            done.add(ended.finish(candidateScores[j], score(candidateScores[j], ended.length - 1), forced));
                        }
                    } else if (stillOpen.size() < beamSize) {
                        stillOpen.add(new Prefix(prefixes[i], token, Prefix.attentionRow(step.attention(), rows, firstRow + i)));
                        stillOpenScores.add(candidateScores[j]);
                        nextRows[next] = firstRow + i;
                        nextPrevious[next] = token;
                        next++;
                    }
                }
                firstRow += prefixes.length;
                if (done.size() >= beamSize || stillOpen.isEmpty()) {
                    next -= stillOpen.size();
                    open[b] = new Prefix[0];
                    openScores[b] = new double[0];
                } else {
                    open[b] = stillOpen.toArray(new Prefix[0]);
                    openScores[b] = stillOpenScores.stream().mapToDouble(Double::doubleValue).toArray();
                }
            }
            if (next == 0) {
                break;
            }
            states = decoder.selectRows(step.states(), Arrays.copyOf(nextRows, next));
            previous = Arrays.copyOf(nextPrevious, next);
            rows = next;
        }
        return finished;
    }

    /** Configures a {@link BeamSearch}; every setter checks its argument. */
    public static final class Builder {
        private final DecodeSettings settings;
        private int beamSize = 5;
        private int nBest = 1;
        private LengthPenalty lengthPenalty = LengthPenalty.FAIRSEQ;
        private double alpha = 1.0;
        private boolean keepGreedy = true;

        private Builder(DecodeSettings settings) {
            this.settings = settings;
        }

        /** Open hypotheses per source, at least 1 (1 is greedy decoding). */
        public Builder beamSize(int beamSize) {
            if (beamSize < 1) {
                throw new IllegalArgumentException("beamSize must be at least 1 (1 is greedy decoding), got " + beamSize);
            }
            this.beamSize = beamSize;
            return this;
        }

        /** Hypotheses returned per source, at least 1 and at most the beam size (checked in {@link #build()}). */
        public Builder nBest(int nBest) {
            if (nBest < 1) {
                throw new IllegalArgumentException("nBest must be at least 1, got " + nBest);
            }
            this.nBest = nBest;
            return this;
        }

        /**
         * The length normalisation of finished hypotheses.
         *
         * @param penalty the formula
         * @param alpha its strength, finite and at least 0; 0 ranks by the plain summed log-probability
         */
        public Builder lengthPenalty(LengthPenalty penalty, double alpha) {
            if (penalty == null) {
                throw new IllegalArgumentException("penalty must not be null");
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
            }
            this.lengthPenalty = penalty;
            this.alpha = alpha;
            return this;
        }

        /**
         * Whether the greedy hypothesis of each source also competes for the n-best list (default
         * true), which makes the best result never score below greedy decoding.
         */
        public Builder keepGreedy(boolean keepGreedy) {
            this.keepGreedy = keepGreedy;
            return this;
        }

        /** @throws IllegalArgumentException if {@code nBest} exceeds {@code beamSize} */
        public BeamSearch build() {
            if (nBest > beamSize) {
                throw new IllegalArgumentException("nBest must not exceed beamSize: got nBest " + nBest
                        + " with beamSize " + beamSize);
            }
            return new BeamSearch(this);
        }
    }
}
