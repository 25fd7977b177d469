package dev.rnn4j.ctc;

import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC prefix beam search without a lexicon or language model (Graves 2012, section 7.3; Hannun
 * et al. 2014, algorithm 1), in log space.
 *
 * <p>Each prefix (a labelling so far) carries two scores: {@code p_b}, the probability of the
 * alignments of the frames so far that collapse to it and end in a blank, and {@code p_nb}, those
 * that end in its last label. One frame with probabilities y turns them into:
 * <ul>
 *   <li>blank: the prefix itself gets {@code (p_b + p_nb)·y(blank)} into its {@code p_b};</li>
 *   <li>its last label again: the prefix itself gets {@code p_nb·y(c)} into its {@code p_nb}
 *       (the repeat merges), and the prefix extended by c gets {@code p_b·y(c)} (a blank separates them);</li>
 *   <li>any other label c: the prefix extended by c gets {@code (p_b + p_nb)·y(c)}.</li>
 * </ul>
 * After each frame the {@code beamWidth} prefixes with the largest {@code p_b + p_nb} are kept.
 * A prefix's final score is {@code log(p_b + p_nb)}: the exact CTC log-likelihood of its labelling
 * when the beam never dropped a prefix of it (a lower bound otherwise). Ties are broken by the
 * labels in lexicographic order, so results are deterministic.
 */
public final class CtcPrefixBeamSearch {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private final int beamWidth;
    private final int blank;

    /**
     * @param beamWidth prefixes kept after each frame, at least 1
     * @param blank     the blank class, at least 0 (and below C of the inputs)
     */
    public CtcPrefixBeamSearch(int beamWidth, int blank) {
        if (beamWidth < 1) {
            throw new IllegalArgumentException("ctc beam search: beamWidth must be at least 1, got " + beamWidth);
        }
        if (blank < 0) {
            throw new IllegalArgumentException("ctc beam search: blank must be at least 0, got " + blank);
        }
        this.beamWidth = beamWidth;
        this.blank = blank;
    }

    /** The beam width. */
    public int beamWidth() {
        return beamWidth;
    }

    /**
     * The {@code nBest} best labellings of every row, best first.
     *
     * @param logProbs     (T, B, C) log-probabilities
     * @param inputLengths B frame counts in [0, T]
     * @param nBest        hypotheses per row, in 1..beamWidth (fewer when fewer labellings have a
     *                     nonzero probability; none when the row's frames rule out every one)
     * @return B lists of hypotheses sorted by decreasing log-probability
     */
    public List<List<CtcHypothesis>> search(Tensor logProbs, int[] inputLengths, int nBest) {
        CtcGreedyDecoder.checkInputs(logProbs, inputLengths);
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        CtcGreedyDecoder.checkBlank(blank, classes);
        if (nBest < 1 || nBest > beamWidth) {
            throw new IllegalArgumentException("ctc beam search: nBest must be in 1.." + beamWidth
                    + " (the beam width), got " + nBest);
        }
        double[] lp = logProbs.toDoubleArray(); // (T, B, C)
        List<List<CtcHypothesis>> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(searchRow(lp, b * classes, batch * classes, classes, inputLengths[b], nBest));
        }
        return out;
    }

    /** The best labelling of every row (the first of {@link #search} with nBest 1). */
    public int[][] decode(Tensor logProbs, int[] inputLengths) {
        List<List<CtcHypothesis>> best = search(logProbs, inputLengths, 1);
        int[][] out = new int[best.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = best.get(b).isEmpty() ? new int[0] : best.get(b).get(0).labels();
        }
        return out;
    }

    /** One node of the prefix trie: the prefix is the labels on the path from the root. */
    private static final class Prefix {
        final Prefix parent;
        final int label; // the last label, -1 at the root
        final int length;
        Map<Integer, Prefix> children;
        double blankScore = NEG_INF; // log p_b
        double labelScore = NEG_INF; // log p_nb
        double nextBlankScore;
        double nextLabelScore;
        int touchedAt = -1;

        Prefix(Prefix parent, int label) {
            this.parent = parent;
            this.label = label;
            this.length = parent == null ? 0 : parent.length + 1;
        }

        Prefix child(int c) {
            if (children == null) {
                children = new HashMap<>();
            }
            return children.computeIfAbsent(c, k -> new Prefix(this, k));
        }

        double score() {
            return CtcAlignment.logAddExp(blankScore, labelScore);
        }

        int[] labels() {
            int[] out = new int[length];
            Prefix p = this;
            for (int i = length - 1; i >= 0; i--) {
                out[i] = p.label;
                p = p.parent;
            }
            return out;
        }
    }

    private static final Comparator<Prefix> BEST_FIRST = (x, y) -> {
        int byScore = Double.compare(y.score(), x.score());
        return byScore != 0 ? byScore : Arrays.compare(x.labels(), y.labels());
    };

    private List<CtcHypothesis> searchRow(double[] lp, int rowOffset, int timeStride, int classes, int steps,
                                          int nBest) {
        Prefix root = new Prefix(null, -1);
        root.blankScore = 0; // the empty prefix, before any frame, with probability 1
        List<Prefix> beam = new ArrayList<>(List.of(root));
        for (int t = 0; t < steps; t++) {
            int frame = rowOffset + t * timeStride;
            List<Prefix> touched = new ArrayList<>();
            for (Prefix p : beam) {
                double total = p.score();
                touch(p, t, touched);
                p.nextBlankScore = CtcAlignment.logAddExp(p.nextBlankScore, total + lp[frame + blank]);
                if (p.label >= 0) {
                    p.nextLabelScore = CtcAlignment.logAddExp(p.nextLabelScore, p.labelScore + lp[frame + p.label]);
                }
                for (int c = 0; c < classes; c++) {
                    if (c == blank) {
                        continue;
                    }
                    Prefix q = p.child(c);
                    touch(q, t, touched);
                    double from = c == p.label ? p.blankScore : total;
                    q.nextLabelScore = CtcAlignment.logAddExp(q.nextLabelScore, from + lp[frame + c]);
                }
            }
            for (Prefix p : touched) {
                p.blankScore = p.nextBlankScore;
                p.labelScore = p.nextLabelScore;
            }
            touched.removeIf(p -> p.score() == NEG_INF); // impossible prefixes (a class with probability 0)
            touched.sort(BEST_FIRST);
            beam = new ArrayList<>(touched.subList(0, Math.min(beamWidth, touched.size())));
        }
        beam.sort(BEST_FIRST);
        List<CtcHypothesis> out = new ArrayList<>();
        for (int i = 0; i < Math.min(nBest, beam.size()); i++) {
            out.add(new CtcHypothesis(beam.get(i).labels(), beam.get(i).score()));
        }
        return out;
    }

    /** Opens {@code p}'s accumulators for frame {@code t}, once per frame. */
    private static void touch(Prefix p, int t, List<Prefix> touched) {
        if (p.touchedAt != t) {
            p.touchedAt = t;
            p.nextBlankScore = NEG_INF;
            p.nextLabelScore = NEG_INF;
            touched.add(p);
        }
    }
}
