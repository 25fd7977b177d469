package dev.rnn4j.translate;

import dev.rnn4j.recurrent.CellType;

/**
 * The settings of {@link TranslationTraining}. {@link #defaults()} are the Multi30k settings: joint BPE of
 * 8,000 merges, embeddings 256, a bidirectional GRU encoder of 256 units per direction, a GRU decoder of 512
 * with additive attention, dropout 0.3, label smoothing 0.1, batches of at most 3,000 padded tokens, Adam at
 * 1e-3 halved whenever dev BLEU does not improve, gradient norm clipped at 1, early stopping after 3 epochs
 * without improvement, and a 110-minute time budget.
 *
 * <p>With {@code words} the tokens are whole words instead of BPE subwords ({@link WordVocabularies}): one
 * vocabulary per language of the words seen at least {@code minCount} times, at most {@code maxVocab} of them;
 * {@code merges} and {@code jointBpe} are then unused.
 *
 * @param merges          BPE merges (joint: once for both languages; else per language)
 * @param jointBpe        one BPE model over both languages, or one per language
 * @param maxTokens       longest training sentence in tokens per side; longer pairs are skipped
 * @param embeddingDim    embedding size of both sides
 * @param encoderHidden   encoder units per direction
 * @param decoderHidden   decoder units
 * @param cell            GRU or LSTM, encoder and decoder
 * @param dropout         embedding dropout while training, in [0, 1)
 * @param labelSmoothing  ε of the training loss, in [0, 1)
 * @param tokenBudget     padded tokens per batch (rows × longest side)
 * @param learningRate    Adam's initial rate
 * @param lrDecay         factor applied when the monitored metric does not improve for an epoch, in (0, 1]
 * @param clipNorm        gradient norm clip
 * @param maxEpochs       at most this many epochs
 * @param patience        early-stopping patience in epochs
 * @param monitorBleu     choose the epoch by dev BLEU (greedy decoding) rather than dev loss
 * @param maxMinutes      wall-time budget of this process's training, 0 for none; a stop by the budget
 *                        depends on the machine's speed, so only runs within it are repeatable bit for bit
 * @param seed            initialisation, batch order and dropout
 * @param words           word-level tokens instead of BPE
 * @param maxVocab        words: the most words kept per language (specials not counted), 0 for no cap
 * @param minCount        words: the fewest training occurrences of a kept word, at least 1
 */
public record TranslationOptions(int merges, boolean jointBpe, int maxTokens, int embeddingDim, int encoderHidden,
                                 int decoderHidden, CellType cell, double dropout, double labelSmoothing,
                                 int tokenBudget, double learningRate, double lrDecay, double clipNorm, int maxEpochs,
                                 int patience, boolean monitorBleu, double maxMinutes, long seed, boolean words,
                                 int maxVocab, int minCount) {

    /** BPE options ({@code words} false). */
    public TranslationOptions(int merges, boolean jointBpe, int maxTokens, int embeddingDim, int encoderHidden,
                              int decoderHidden, CellType cell, double dropout, double labelSmoothing,
                              int tokenBudget, double learningRate, double lrDecay, double clipNorm, int maxEpochs,
                              int patience, boolean monitorBleu, double maxMinutes, long seed) {
        this(merges, jointBpe, maxTokens, embeddingDim, encoderHidden, decoderHidden, cell, dropout, labelSmoothing,
                tokenBudget, learningRate, lrDecay, clipNorm, maxEpochs, patience, monitorBleu, maxMinutes, seed, false,
                0, 1);
    }

    public TranslationOptions {
        positive("merges", merges);
        positive("maxTokens", maxTokens);
        positive("embeddingDim", embeddingDim);
        positive("encoderHidden", encoderHidden);
        positive("decoderHidden", decoderHidden);
        positive("tokenBudget", tokenBudget);
        positive("maxEpochs", maxEpochs);
        positive("patience", patience);
        positive("minCount", minCount);
        if (maxVocab < 0) {
            throw new IllegalArgumentException("maxVocab: expected at least 0 (0 for no cap), got " + maxVocab);
        }
        if (tokenBudget < maxTokens + 2) {
            throw new IllegalArgumentException("tokenBudget: expected at least maxTokens + 2 = " + (maxTokens + 2)
                    + " (the longest pair with <sos> and <eos> must fit a batch), got " + tokenBudget);
        }
        if (cell != CellType.GRU && cell != CellType.LSTM) {
            throw new IllegalArgumentException("cell: expected GRU or LSTM, got " + cell);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a value in [0, 1), got " + dropout);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing: expected a value in [0, 1), got " + labelSmoothing);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate: expected a finite value > 0, got " + learningRate);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException("lr decay: expected a factor in (0, 1], got " + lrDecay);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm: expected a finite value > 0, got " + clipNorm);
        }
        if (!(maxMinutes >= 0) || Double.isInfinite(maxMinutes)) {
            throw new IllegalArgumentException("max minutes: expected a finite value >= 0 (0 for no budget), got "
                    + maxMinutes);
        }
    }

    /**
     * These options with word-level tokens.
     *
     * @param maxVocab the most words kept per language, 0 for no cap
     * @param minCount the fewest training occurrences of a kept word, at least 1
     */
    public TranslationOptions withWords(int maxVocab, int minCount) {
        return new TranslationOptions(merges, jointBpe, maxTokens, embeddingDim, encoderHidden, decoderHidden, cell,
                dropout, labelSmoothing, tokenBudget, learningRate, lrDecay, clipNorm, maxEpochs, patience,
                monitorBleu, maxMinutes, seed, true, maxVocab, minCount);
    }

    /** The Multi30k defaults described above. */
    public static TranslationOptions defaults() {
        return new TranslationOptions(8000, true, 100, 256, 256, 512, CellType.GRU, 0.3, 0.1, 3000, 1e-3, 0.5, 1.0,
                12, 3, true, 110, 42);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected at least 1, got " + value);
        }
    }
}
