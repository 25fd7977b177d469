package dev.rnn4j.classify;

import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.LabeledText;
import dev.rnn4j.train.DataParallel;
import dev.rnn4j.train.GradientHook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The classifier's data-parallel training without Spark: three workers on three threads of this JVM
 * sum their gradients through shared memory in rank order, against one process.
 */
class DataParallelTrainingTest {

    private static final String[] CUES = {"good", "great", "bad", "awful"};
    private static final String[] FILLER = {"the", "film", "was", "a", "plot", "and", "it", "really"};

    @Test
    void threeWorkersTrainWhatOneProcessTrainsAndEndIdentical() throws Exception {
        // 30 examples in batches of 4: the last batch of 2 leaves rank 2 without rows, so it adds zeros
        List<LabeledText> train = sentences(30, 1);
        List<LabeledText> dev = sentences(12, 2);
        ClassifierConfig config = ClassifierConfig.defaults().toBuilder().embeddingDim(8).hiddenSize(6)
                .minFrequency(1).epochs(2).patience(0).batchSize(4).learningRate(0.02).seed(9).ngramOrder(0)
                .ensembleSize(1).dropout(0).embeddingDropout(0).wordDropout(0).averageNeighbourEpochs(false).build();
        List<String> texts = dev.stream().map(LabeledText::text).toList();
        double[] single = probabilities(TextClassifier.train(train, dev, config), texts);

        int workers = 3;
        ThreadAllReduce reduce = new ThreadAllReduce(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int rank = 0; rank < workers; rank++) {
                DataParallel parallel = new DataParallel(rank, workers, reduce.hook(rank));
                results.add(pool.submit(() -> probabilities(TextClassifier.train(train, dev, config, null,
                        TextClassifier.RunOptions.IN_MEMORY, parallel, line -> { }), texts)));
            }
            double[] rank0 = results.get(0).get();
            for (int rank = 1; rank < workers; rank++) {
                assertArrayEquals(rank0, results.get(rank).get(), 0.0, "rank " + rank + " ends as rank 0, bit for bit");
            }
            assertArrayEquals(single, rank0, 1e-5, "three workers predict what one process predicts");
            assertEquals(2 * 8, reduce.calls / workers, "2 epochs of 8 batches, every worker in every step");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shardsTakeEveryWorkersRowOnce() {
        GradientHook none = (parameters, loss, step) -> loss;
        assertArrayEquals(new int[] {1, 4, 7}, new DataParallel(1, 3, none).shardRows(8));
        assertArrayEquals(new int[] {2}, new DataParallel(2, 3, none).shardRows(3));
        assertArrayEquals(new int[0], new DataParallel(2, 3, none).shardRows(2));
        assertArrayEquals(new int[] {0, 1, 2}, new DataParallel(0, 1, none).shardRows(3));
    }

    private static double[] probabilities(TextClassifier classifier, List<String> texts) {
        List<Double> out = new ArrayList<>();
        for (Prediction p : classifier.predictAll(texts)) {
            out.addAll(p.probabilities().values());
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<LabeledText> sentences(int n, long seed) {
        Random random = new Random(seed);
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int cue = random.nextInt(CUES.length);
            List<String> words = new ArrayList<>();
            for (int j = 2 + random.nextInt(5); j > 0; j--) {
                words.add(FILLER[random.nextInt(FILLER.length)]);
            }
            words.add(random.nextInt(words.size() + 1), CUES[cue]);
            out.add(new LabeledText(String.join(" ", words), cue < 2 ? "pos" : "neg"));
        }
        return out;
    }

    /** An all-reduce between threads: each deposits its gradients, then each sums all in rank order. */
    private static final class ThreadAllReduce {
        private final CyclicBarrier barrier;
        private final float[][] deposits;
        private final double[] losses;
        private volatile int calls;

        ThreadAllReduce(int workers) {
            this.barrier = new CyclicBarrier(workers);
            this.deposits = new float[workers][];
            this.losses = new double[workers];
        }

        GradientHook hook(int rank) {
            return (parameters, loss, step) -> {
                int count = 0;
                for (Tensor p : parameters) {
                    count += p.numel();
                }
                float[] mine = new float[count];
                int at = 0;
                for (Tensor p : parameters) {
                    if (p.grad() != null) {
                        System.arraycopy(p.grad().f(), 0, mine, at, p.numel());
                    }
                    at += p.numel();
                }
                deposits[rank] = mine;
                losses[rank] = loss;
                await(); // every worker has deposited
                float[] sum = new float[count];
                double lossSum = 0;
                for (int r = 0; r < deposits.length; r++) {
                    for (int i = 0; i < count; i++) {
                        sum[i] += deposits[r][i];
                    }
                    lossSum += losses[r];
                }
                synchronized (this) {
                    calls++;
                }
                await(); // every worker has read before the next step's deposits
                at = 0;
                for (Tensor p : parameters) {
                    if (p.grad() == null) {
                        p.backward(Tensor.zeros(p.dtype(), p.shape()));
                    }
                    System.arraycopy(sum, at, p.grad().f(), 0, p.numel());
                    at += p.numel();
                }
                return lossSum;
            };
        }

        private void await() {
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException("a worker left the all-reduce", e);
            }
        }
    }
}
