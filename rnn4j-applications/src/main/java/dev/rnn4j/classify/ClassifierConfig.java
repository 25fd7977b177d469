package dev.rnn4j.classify;

import dev.rnn4j.models.Pooling;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.text.Vocabulary;

/**
 * Everything that decides how a {@link TextClassifier} is built and trained. The defaults
 * ({@link #defaults()}) are the settings behind the results in RESULTS.md (embeddings trained from
 * scratch), where their figures and the ablation of their parts stand.
 *
 * <p>Default architecture: word embeddings of 300, initialised N(0, 0.1²) → one bidirectional LSTM
 * layer, hidden size 150 per direction → element-wise max pooling over time → dropout 0.5 → linear
 * layer. Dropout 0.5 also on the embeddings. Vocabulary: words seen at least twice in training.
 * Training: Adam, learning rate 2e-3, batches of 50 texts bucketed by length, gradient norm
 * clipped at 5, at most 10 epochs, stopping after 2 epochs without a better dev accuracy; the epoch
 * with the best dev accuracy is kept, and its mean with a neighbouring epoch replaces it when that
 * scores strictly better on dev. Loss: softmax cross entropy over the classes, also for two
 * classes (a 2-logit output rather than one BCE logit, so binary and multi-class models share one
 * code path and one saved layout). A naive Bayes table of the training texts' word 1-3-grams and
 * the character 3-5-grams of their tokens, smoothed with 0.5 ({@link NgramNaiveBayes}), is added to
 * the network's logits with a weight chosen on the dev set (0, switching it off, is one of the
 * choices), and each epoch's dev accuracy is that of the combination. Three networks are trained
 * (seeds seed, seed + 1, seed + 2), each choosing its epoch as above, and their logits averaged
 * before the table is added with a weight chosen on dev for the average. Finally the table is
 * counted again over the training and dev texts ({@link #countDevNgrams()}).
 *
 * <p>Why N(0, 0.1²) rather than PyTorch's N(0, 1) for the embeddings: trained from scratch with
 * Adam, whose steps are about the learning rate whatever the gradient's size, unit-variance random
 * vectors take many epochs to move and mostly act as per-word noise; on MR (90/10 split, seed 1)
 * the dev accuracy after 2 epochs was 67.7 % with std 1 and lr 1e-3 against 79.8 % with std 0.1 and
 * lr 2e-3.
 *
 * @param embeddingDim width of the word embeddings
 * @param hiddenSize hidden size of the recurrent layer (per direction)
 * @param numLayers stacked recurrent layers
 * @param cell recurrent cell (LSTM, GRU, RNN_TANH, RNN_RELU)
 * @param bidirectional run a second layer over the reversed sequence
 * @param pooling how the per-step outputs become one vector
 * @param dropout dropout before the classifier (and between stacked layers), in [0, 1)
 * @param embeddingDropout dropout on the embeddings, in [0, 1)
 * @param wordDropout probability, during training, of replacing each token with {@code <unk>} (word
 *     dropout, Iyyer et al. 2015), in [0, 1); it also trains the {@code <unk>} vector that unseen
 *     words get at prediction time
 * @param embeddingInitStd standard deviation of the normal initialisation of the word embeddings
 *     (PyTorch's {@code nn.Embedding} uses 1); ignored for words given pretrained vectors
 * @param minFrequency words seen fewer times in training map to {@code <unk>}
 * @param maxVocabulary at most this many words (most frequent first), or {@link Vocabulary#UNLIMITED}
 * @param maxLength truncate texts to this many tokens, 0 for no truncation
 * @param lowerCase lower-case the text before tokenizing
 * @param splitPunctuation split punctuation off words
 * @param epochs maximum number of training epochs
 * @param patience stop after this many epochs without a better dev accuracy (0 = never stop early)
 * @param batchSize sentences per training step
 * @param learningRate Adam learning rate
 * @param weightDecay Adam (L2) weight decay
 * @param gradClip maximum global gradient norm, 0 for no clipping
 * @param seed seeds initialisation, dropout and batch order
 * @param ngramOrder longest word n-gram of the naive Bayes expert added to the network's logits
 *     ({@link NgramNaiveBayes}; its weight is chosen on the dev set, where 0 switches it off), or
 *     0 for the network alone
 * @param charNgramOrder longest character n-gram the naive Bayes expert also counts: the n-grams
 *     of lengths {@value #MIN_CHAR_NGRAM} .. charNgramOrder inside each token marked with its
 *     boundaries ({@code <word>}), each counted once per text in the same table as the word
 *     n-grams; 0 for word n-grams only (ignored when ngramOrder is 0)
 * @param ngramSmoothing additive (Lidstone) smoothing of the naive Bayes counts, {@code > 0}; 1 is
 *     add-one smoothing
 * @param averageNeighbourEpochs after training, also try the mean of the best epoch's parameters and
 *     those of the epoch after it and of the epoch before it, and keep a mean if its dev accuracy
 *     (as the model is used, with the n-gram expert) is strictly higher than the best epoch's
 * @param ensembleSize number of networks trained independently on the same data, member k with seed
 *     {@code seed + k} (each choosing its own epoch), whose logits are averaged before the n-gram
 *     expert is added with a weight chosen on dev for the ensemble; at least 1 (1: a single network;
 *     default 3)
 * @param countDevNgrams once the epochs, the n-gram expert's weight and the temperature are chosen
 *     on dev, count the n-gram table again over the training and the dev texts, so that the saved
 *     expert also knows the dev set's phrases (weight and temperature are kept); the dev metrics
 *     the trainer reports ({@link TextClassifier#devMetrics()}) are measured before the recount, so
 *     they stay those of a model that never saw the dev labels. Ignored without an n-gram expert
 *     or when its chosen weight is 0.
 */
public record ClassifierConfig(
        int embeddingDim, int hiddenSize, int numLayers, CellType cell, boolean bidirectional, Pooling pooling,
        double dropout, double embeddingDropout, double wordDropout, double embeddingInitStd,
        int minFrequency, int maxVocabulary, int maxLength, boolean lowerCase, boolean splitPunctuation,
        int epochs, int patience, int batchSize, double learningRate, double weightDecay, double gradClip,
        long seed, int ngramOrder, int charNgramOrder, double ngramSmoothing, boolean averageNeighbourEpochs,
        int ensembleSize, boolean countDevNgrams) {

    /**
     * @throws IllegalArgumentException naming the first invalid setting, with the value given
     */
    public ClassifierConfig {
        positive("embeddingDim", embeddingDim);
        positive("hiddenSize", hiddenSize);
        positive("numLayers", numLayers);
        positive("minFrequency", minFrequency);
        positive("maxVocabulary", maxVocabulary);
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        positive("ensembleSize", ensembleSize);
        if (cell == null) {
            throw new IllegalArgumentException("cell: expected one of LSTM, GRU, RNN_TANH, RNN_RELU, got null");
        }
        if (pooling == null) {
            throw new IllegalArgumentException("pooling: expected one of LAST, MAX, MEAN, ATTENTION, got null");
        }
        probability("dropout", dropout);
        probability("embeddingDropout", embeddingDropout);
        probability("wordDropout", wordDropout);
        if (!(embeddingInitStd > 0) || Double.isInfinite(embeddingInitStd)) {
            throw new IllegalArgumentException("embeddingInitStd: expected a finite number > 0, got "
                    + embeddingInitStd);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength: expected >= 0 (0 = no truncation), got " + maxLength);
        }
        if (ngramOrder < 0 || ngramOrder > MAX_NGRAM_ORDER) {
            throw new IllegalArgumentException("ngramOrder: expected 0 (off) to " + MAX_NGRAM_ORDER + ", got "
                    + ngramOrder);
        }
        if (charNgramOrder != 0 && (charNgramOrder < MIN_CHAR_NGRAM || charNgramOrder > MAX_CHAR_NGRAM_ORDER)) {
            throw new IllegalArgumentException("charNgramOrder: expected 0 (off) or " + MIN_CHAR_NGRAM + " to "
                    + MAX_CHAR_NGRAM_ORDER + ", got " + charNgramOrder);
        }
        if (!(ngramSmoothing > 0) || Double.isInfinite(ngramSmoothing)) {
            throw new IllegalArgumentException("ngramSmoothing: expected a finite number > 0, got " + ngramSmoothing);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience: expected >= 0 (0 = no early stopping), got " + patience);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate: expected a finite number > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay: expected a finite number >= 0, got " + weightDecay);
        }
        if (!(gradClip >= 0) || Double.isInfinite(gradClip)) {
            throw new IllegalArgumentException("gradClip: expected a finite number >= 0 (0 = off), got " + gradClip);
        }
    }

    /** Longest n-gram the naive Bayes expert may use. */
    public static final int MAX_NGRAM_ORDER = 5;

    /** Shortest character n-gram of the naive Bayes expert (boundary marks included). */
    public static final int MIN_CHAR_NGRAM = NgramNaiveBayes.MIN_CHAR_NGRAM;

    /** Longest character n-gram the naive Bayes expert may use. */
    public static final int MAX_CHAR_NGRAM_ORDER = NgramNaiveBayes.MAX_CHAR_NGRAM_ORDER;

    /** The defaults described in the class comment, with seed 42 (the toolkit's default seed). */
    public static ClassifierConfig defaults() {
        return new ClassifierConfig(300, 150, 1, CellType.LSTM, true, Pooling.MAX, 0.5, 0.5, 0.0, 0.1,
                2, Vocabulary.UNLIMITED, 0, true, true,
                10, 2, 50, 2e-3, 0.0, 5.0, 42L, 3, 5, 0.5, true, 3, true);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": expected a positive number, got " + value);
        }
    }

    private static void probability(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + ": expected a probability in [0, 1), got " + value);
        }
    }

    /** Changes a few settings: {@code ClassifierConfig.defaults().toBuilder().epochs(5).seed(7).build()}. */
    public static final class Builder {
        private int embeddingDim;
        private int hiddenSize;
        private int numLayers;
        private CellType cell;
        private boolean bidirectional;
        private Pooling pooling;
        private double dropout;
        private double embeddingDropout;
        private double wordDropout;
        private double embeddingInitStd;
        private int minFrequency;
        private int maxVocabulary;
        private int maxLength;
        private boolean lowerCase;
        private boolean splitPunctuation;
        private int epochs;
        private int patience;
        private int batchSize;
        private double learningRate;
        private double weightDecay;
        private double gradClip;
        private long seed;
        private int ngramOrder;
        private int charNgramOrder;
        private double ngramSmoothing;
        private boolean averageNeighbourEpochs;
        private int ensembleSize;
        private boolean countDevNgrams;

        private Builder(ClassifierConfig c) {
            embeddingDim = c.embeddingDim;
            hiddenSize = c.hiddenSize;
            numLayers = c.numLayers;
            cell = c.cell;
            bidirectional = c.bidirectional;
            pooling = c.pooling;
            dropout = c.dropout;
            embeddingDropout = c.embeddingDropout;
            wordDropout = c.wordDropout;
            embeddingInitStd = c.embeddingInitStd;
            minFrequency = c.minFrequency;
            maxVocabulary = c.maxVocabulary;
            maxLength = c.maxLength;
            lowerCase = c.lowerCase;
            splitPunctuation = c.splitPunctuation;
            epochs = c.epochs;
            patience = c.patience;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            weightDecay = c.weightDecay;
            gradClip = c.gradClip;
            seed = c.seed;
            ngramOrder = c.ngramOrder;
            charNgramOrder = c.charNgramOrder;
            ngramSmoothing = c.ngramSmoothing;
            averageNeighbourEpochs = c.averageNeighbourEpochs;
            ensembleSize = c.ensembleSize;
            countDevNgrams = c.countDevNgrams;
        }

        public Builder embeddingDim(int v) {
            embeddingDim = v;
            return this;
        }

        public Builder hiddenSize(int v) {
            hiddenSize = v;
            return this;
        }

        public Builder numLayers(int v) {
            numLayers = v;
            return this;
        }

        public Builder cell(CellType v) {
            cell = v;
            return this;
        }

        public Builder bidirectional(boolean v) {
            bidirectional = v;
            return this;
        }

        public Builder pooling(Pooling v) {
            pooling = v;
            return this;
        }

        public Builder dropout(double v) {
            dropout = v;
            return this;
        }

        public Builder embeddingDropout(double v) {
            embeddingDropout = v;
            return this;
        }

        public Builder wordDropout(double v) {
            wordDropout = v;
            return this;
        }

        public Builder embeddingInitStd(double v) {
            embeddingInitStd = v;
            return this;
        }

        public Builder minFrequency(int v) {
            minFrequency = v;
            return this;
        }

        public Builder maxVocabulary(int v) {
            maxVocabulary = v;
            return this;
        }

        public Builder maxLength(int v) {
            maxLength = v;
            return this;
        }

        public Builder lowerCase(boolean v) {
            lowerCase = v;
            return this;
        }

        public Builder splitPunctuation(boolean v) {
            splitPunctuation = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder gradClip(double v) {
            gradClip = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder ngramOrder(int v) {
            ngramOrder = v;
            return this;
        }

        public Builder charNgramOrder(int v) {
            charNgramOrder = v;
            return this;
        }

        public Builder ngramSmoothing(double v) {
            ngramSmoothing = v;
            return this;
        }

        public Builder averageNeighbourEpochs(boolean v) {
            averageNeighbourEpochs = v;
            return this;
        }

        public Builder ensembleSize(int v) {
            ensembleSize = v;
            return this;
        }

        public Builder countDevNgrams(boolean v) {
            countDevNgrams = v;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link ClassifierConfig} constructor */
        public ClassifierConfig build() {
            return new ClassifierConfig(embeddingDim, hiddenSize, numLayers, cell, bidirectional, pooling, dropout,
                    embeddingDropout, wordDropout, embeddingInitStd, minFrequency, maxVocabulary, maxLength, lowerCase, splitPunctuation, epochs,
                    patience, batchSize, learningRate, weightDecay, gradClip, seed, ngramOrder,
                    charNgramOrder, ngramSmoothing, averageNeighbourEpochs, ensembleSize, countDevNgrams);
        }
    }
}
