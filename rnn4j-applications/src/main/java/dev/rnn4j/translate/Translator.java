package dev.rnn4j.translate;

import dev.rnn4j.decode.BeamSearch;
import dev.rnn4j.decode.DecodeSettings;
import dev.rnn4j.decode.GreedySearch;
import dev.rnn4j.decode.Hypothesis;
import dev.rnn4j.decode.LengthPenalty;
import dev.rnn4j.models.seq2seq.DecoderState;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.tensor.Autograd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates sentences with a trained {@link TranslationModel}: subword-encodes the source, searches
 * (greedy for beam 1, else beam search with fairseq's length penalty and n-best lists) and
 * detokenises; each {@link Translation} carries the n-best list with scores and the best
 * candidate's attention over the source subwords.
 *
 * <pre>{@code
 * Translator translator = Translator.load(Path.of("runs/de-en")).withSearch(5, 3);
 * Translation t = translator.predict("Ein Hund rennt über die Wiese.");
 * t.text();            // "A dog runs across the meadow."
 * t.candidates();      // 3 candidates, best first, with scores
 * }</pre>
 *
 * <p>The maximum output length for a source of S subword tokens ({@code <eos>} counted) is
 * {@code floor(maxLengthRatio · S) + maxLengthOffset}. A source longer than the model's maximum is an
 * error naming both lengths unless the {@link LongSentencePolicy} is {@code TRUNCATE}. Immutable and
 * thread-safe: searches run without autograd on the eval-mode network, each with its own states.
 */
public final class Translator implements Predictor<String, Translation> {

    /** Sentences per padded batch in {@link #predictBatch} (sorted by length first). */
    static final int BATCH = 64;

    private final TranslationModel model;
    private final SubwordVocabulary source;
    private final SubwordVocabulary target;
    private final PairEncoder encoder;
    private final Seq2SeqStepDecoder decoder;
    private final int beamSize;
    private final int nBest;
    private final double lengthPenaltyAlpha;
    private final double maxLengthRatio;
    private final int maxLengthOffset;
    private final LongSentencePolicy longSentences;
    private final DecodeSettings settings;

    private Translator(TranslationModel model, int beamSize, int nBest, double alpha, double maxLengthRatio,
                       int maxLengthOffset, LongSentencePolicy longSentences) {
        this.model = model;
        this.source = model.sourceVocabulary();
        this.target = model.targetVocabulary();
        this.encoder = new PairEncoder(source, target, model.maxTokens());
        this.decoder = new Seq2SeqStepDecoder(model.network());
        this.beamSize = beamSize;
        this.nBest = nBest;
        this.lengthPenaltyAlpha = alpha;
        this.maxLengthRatio = maxLengthRatio;
        this.maxLengthOffset = maxLengthOffset;
        this.longSentences = longSentences;
        this.settings = target.searchSettings(maxLengthRatio, maxLengthOffset);
    }

    /**
     * A translator over {@code model} with beam 5, one candidate, length penalty alpha 1 (fairseq), maximum
     * length 1.5 · S + 10, and an error for sources over the model's maximum. Puts the network in eval mode.
     */
    public static Translator of(TranslationModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a translation model, got null");
        }
        model.network().eval();
        return new Translator(model, 5, 1, 1.0, 1.5, 10, LongSentencePolicy.ERROR);
    }

    /** {@link #of} the model in {@code folder} ({@link TranslationModel#load}). */
    public static Translator load(Path folder) {
        return of(TranslationModel.load(folder));
    }

    /**
     * This translator with another search.
     *
     * @param beam  hypotheses kept per sentence, at least 1 (1 is greedy decoding)
     * @param nbest candidates returned, 1..beam
     */
    public Translator withSearch(int beam, int nbest) {
        if (beam < 1) {
            throw new IllegalArgumentException("beam: expected at least 1 (1 is greedy decoding), got " + beam);
        }
        if (nbest < 1 || nbest > beam) {
            throw new IllegalArgumentException("nbest: expected 1 to the beam size " + beam + ", got " + nbest);
        }
        return new Translator(model, beam, nbest, lengthPenaltyAlpha, maxLengthRatio, maxLengthOffset, longSentences);
    }

    /**
     * This translator with another length penalty ({@link LengthPenalty#FAIRSEQ}: score = log p / length^alpha).
     *
     * @param alpha finite, at least 0
     */
    public Translator withLengthPenalty(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("length penalty alpha: expected a finite number >= 0, got " + alpha);
        }
        return new Translator(model, beamSize, nBest, alpha, maxLengthRatio, maxLengthOffset, longSentences);
    }

    /** This translator with another policy for sources over the model's maximum length. */
    public Translator withLongSentences(LongSentencePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy: expected ERROR or TRUNCATE, got null");
        }
        return new Translator(model, beamSize, nBest, lengthPenaltyAlpha, maxLengthRatio, maxLengthOffset, policy);
    }

    public TranslationModel model() {
        return model;
    }

    public int beamSize() {
        return beamSize;
    }

    public int nBest() {
        return nBest;
    }

    @Override
    public ModelInfo describe() {
        Seq2SeqConfig c = model.network().config();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("source_vocabulary", c.srcVocab());
        s.put("target_vocabulary", c.trgVocab());
        if (model.tokens() instanceof SubwordModels bpe) {
            s.put("joint_bpe", bpe.joint());
        } else {
            s.put("tokens", model.tokens().unit());
        }
        s.put("embedding_dim", c.embeddingDim());
        s.put("encoder", "bidirectional " + c.encoderCell() + " " + c.encoderHidden() + " x " + c.encoderLayers());
        s.put("decoder", c.decoderCell() + " " + c.decoderHidden());
        s.put("attention", c.style() + " " + c.score() + (c.inputFeeding() ? " input feeding" : ""));
        s.put("max_tokens", model.maxTokens());
        s.put("beam", beamSize);
        s.put("nbest", nBest);
        s.put("length_penalty", lengthPenaltyAlpha);
        return new ModelInfo(TranslationModel.TASK, "a sentence in the source language (string)",
                "its translation, the n-best list with scores and the attention matrix", s);
    }

    @Override
    public Translation predict(String sentence) {
        return translate(List.of(checked(sentence, -1))).get(0);
    }

    @Override
    public List<Translation> predictBatch(List<String> sentences) {
        if (sentences == null) {
            throw new IllegalArgumentException("sentences: expected a list, got null");
        }
        List<String> checkedSentences = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            checkedSentences.add(checked(sentences.get(i), i));
        }
        return translate(checkedSentences);
    }

    private static String checked(String sentence, int index) {
        String where = index < 0 ? "sentence" : "sentence " + index;
        if (sentence == null) {
            throw new IllegalArgumentException(where + ": expected text, got null");
        }
        if (sentence.isBlank()) {
            throw new IllegalArgumentException(where + ": is empty; there is nothing to translate");
        }
        return sentence;
    }

    /** Encodes every sentence, searches in padded batches of similar lengths, and restores the order. */
    private List<Translation> translate(List<String> sentences) {
        int n = sentences.size();
        int[][] ids = new int[n][];
        for (int i = 0; i < n; i++) {
            try {
                ids[i] = encoder.encodeSource(sentences.get(i), longSentences);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((n == 1 ? "" : "sentence " + i + ": ") + e.getMessage(), e);
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -ids[i].length).thenComparingInt(i -> i));
        Translation[] out = new Translation[n];
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (int from = 0; from < n; from += BATCH) {
                int rows = Math.min(BATCH, n - from);
                int[] lengths = new int[rows];
                for (int b = 0; b < rows; b++) {
                    lengths[b] = ids[order[from + b]].length + 1; // + <eos>
                }
                int steps = lengths[0];
                int[] src = new int[steps * rows]; // (S, B) time-major, <pad> = 0 past each length
                for (int b = 0; b < rows; b++) {
                    int[] row = ids[order[from + b]];
                    for (int t = 0; t < row.length; t++) {
                        src[t * rows + b] = row[t];
                    }
                    src[row.length * rows + b] = SubwordVocabulary.EOS_ID;
                }
                DecoderState start = decoder.start(src, lengths);
                List<List<Hypothesis>> found = search(start, lengths);
                for (int b = 0; b < rows; b++) {
                    int i = order[from + b];
                    out[i] = translation(sentences.get(i), ids[i], found.get(b));
                }
            }
        }
        return List.of(out);
    }

    private List<List<Hypothesis>> search(DecoderState start, int[] lengths) {
        if (beamSize == 1) {
            List<List<Hypothesis>> lists = new ArrayList<>();
            for (Hypothesis h : new GreedySearch(settings).search(decoder, start, lengths)) {
                lists.add(List.of(h));
            }
            return lists;
        }
        return BeamSearch.builder(settings).beamSize(beamSize).nBest(nBest)
                .lengthPenalty(LengthPenalty.FAIRSEQ, lengthPenaltyAlpha).build().search(decoder, start, lengths);
    }

    private Translation translation(String sentence, int[] sourceIds, List<Hypothesis> hypotheses) {
        List<Translation.Candidate> candidates = new ArrayList<>();
        for (Hypothesis h : hypotheses) {
            List<String> tokens = new ArrayList<>(target.subwords(h.tokens()));
            tokens.add(SubwordVocabulary.EOS);
            candidates.add(new Translation.Candidate(target.decode(h.tokens()), tokens, h.score(), h.logProbability()));
        }
        List<String> sourceTokens = new ArrayList<>(source.subwords(sourceIds));
        sourceTokens.add(SubwordVocabulary.EOS);
        float[][] attention = hypotheses.get(0).attentionMatrix(sourceTokens.size());
        return new Translation(sentence, candidates, sourceTokens, attention);
    }
}
