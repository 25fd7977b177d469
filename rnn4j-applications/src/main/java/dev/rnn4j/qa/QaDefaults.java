package dev.rnn4j.qa;

/**
 * The default settings of the two models, from their papers and reference code.
 *
 * <p>LSTM reader: the sizes, batch and optimiser of Keras' {@code babi_rnn} example (word vectors of 50, LSTMs of
 * 100, batch 32, Adam at 1e-3, 20 epochs); the dropout of 0.3 on the merged encodings is ours. DMN+: the
 * settings of Xiong et al. (2016) and their reference implementation: word vectors and states of 80, 3 passes,
 * batch 100, Adam at 1e-3, dropout 0.1 (keep probability 0.9), but no L2 weight decay (the reference's 1e-3, as
 * Adam's L2 term here, kept the training accuracy of en-10k tasks 17, 18 and 19 at 62, 91 and 60 %, and their
 * best validation accuracy at 66, 94 and 61 %; without it 88, 99 and 100 %); at most 100 epochs (the paper
 * trains up to 256) with early stopping after 20 epochs without a better validation accuracy (at 40 and 10,
 * tasks 2 and 17 still improved on validation when they stopped), and up to 2 restarts from the next seeds while
 * the validation accuracy is below 95 % (the paper reports the best of 10 runs for some tasks), so that 20 tasks
 * fit well within 3 hours on a small machine. DMN+ training uses the supporting facts (strong supervision, as
 * the Memory Networks of Weston et al. 2015; DMN+ in its paper learns from the answers alone, weak supervision):
 * the attention loss of {@code SupportingFactLoss}, hop k pushed onto the k-th supporting fact, with weight
 * {@value #DMN_ATTENTION_LOSS} beside the answers' cross entropy. On the validation split of en-10k (seed 42)
 * it takes task 16 from 49 % to 100 % and task 3 (1k training file) from 29 to 81 % (88 % with seed 43; 74 and
 * 83 % with weight 1, 58 % within 37 epochs with weight 0.3), task 2 from 93.8 to 100 %, and keeps
 * tasks 1, 7 and 8 at 100, 98.6 and 100 % (weight 1); task 17 stays near 93 %. Both read the most recent
 * {@value #MAX_FACTS} statements of a story, as End-to-End Memory Networks cap their memory.
 */
public final class QaDefaults {

    /** The most recent statements read. */
    public static final int MAX_FACTS = 50;
    /** The gradient norm clip. */
    public static final double CLIP = 5.0;

    public static final int LSTM_EMBEDDING = 50;
    public static final int LSTM_HIDDEN = 100;
    public static final int LSTM_BATCH = 32;
    public static final int LSTM_EPOCHS = 20;
    public static final double LSTM_DROPOUT = 0.3;
    public static final double LSTM_WEIGHT_DECAY = 0;

    public static final int DMN_HIDDEN = 80;
    public static final int DMN_HOPS = 3;
    public static final int DMN_BATCH = 100;
    public static final int DMN_EPOCHS = 100;
    public static final double DMN_DROPOUT = 0.1;
    public static final double DMN_WEIGHT_DECAY = 0;
    /** The weight of the supporting-fact attention loss ({@code SupportingFactLoss}); 0 would train on the answers
     * alone. */
    public static final double DMN_ATTENTION_LOSS = 3;
    /** Epochs without a better validation accuracy before DMN+ training stops. */
    public static final int DMN_PATIENCE = 20;
    /** Further DMN+ runs from the next seeds while the best validation accuracy is below {@link #DMN_RESTART_BELOW}. */
    public static final int DMN_RESTARTS = 2;
    /** The validation accuracy in percent (a passed bAbI task) below which DMN+ training restarts. */
    public static final double DMN_RESTART_BELOW = 95;

    /** Both models' learning rate (Adam). */
    public static final double LR = 1e-3;

    private QaDefaults() {
    }

    /** The network settings of {@code model} with its defaults, for the given vocabulary. */
    public static QaConfig config(String model, QaVocabulary vocabulary) {
        if (QaConfig.DMN.equals(model)) {
            return new QaConfig(model, vocabulary.wordCount(), vocabulary.answerCount(), DMN_HIDDEN, DMN_HIDDEN,
                    DMN_HOPS, DMN_DROPOUT, MAX_FACTS);
        }
        return new QaConfig(model, vocabulary.wordCount(), vocabulary.answerCount(), LSTM_EMBEDDING, LSTM_HIDDEN, 1,
                LSTM_DROPOUT, MAX_FACTS);
    }

    public static int epochs(String model) {
        return QaConfig.DMN.equals(model) ? DMN_EPOCHS : LSTM_EPOCHS;
    }

    public static int batchSize(String model) {
        return QaConfig.DMN.equals(model) ? DMN_BATCH : LSTM_BATCH;
    }
}
