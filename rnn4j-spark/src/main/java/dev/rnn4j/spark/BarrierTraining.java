package dev.rnn4j.spark;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One barrier stage of N tasks that train together: task r is the worker of rank r, given its gradient
 * exchange ({@link Exchange#open}) and closing it when its training ends or fails. What each worker trains is
 * a {@link Worker}; its report comes back to the driver.
 */
final class BarrierTraining {

    private BarrierTraining() {
    }

    /** A worker's training, run in a barrier task; serialisable because it travels in the task closure. */
    interface Worker<R extends Ranked> extends Serializable {
        /** Trains as worker {@code context.partitionId()}, with {@code exchange} as the trainer's gradient hook. */
        R train(BarrierTaskContext context, GradientExchange exchange) throws Exception;
    }

    /** A report that says which worker sent it. */
    interface Ranked extends Serializable {
        int rank();
    }

    /**
     * Runs {@code worker} on {@code workers} tasks of one barrier stage and returns their reports in rank order.
     *
     * @throws org.apache.spark.SparkException (unchecked in Java) when the stage fails more often than
     *                                         Spark retries it
     */
    static <R extends Ranked> List<R> run(SparkContext spark, int workers, Exchange exchange, Worker<R> worker,
                                          Class<R> reportType) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: expected at least 1, got " + workers);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark);
        RDD<Integer> ranks = jsc.parallelize(IntStream.range(0, workers).boxed().toList(), workers).rdd();
        RDD<R> reports = ranks.barrier().mapPartitions(new Task<>(worker, exchange), false,
                ClassTag$.MODULE$.apply(reportType));
        // the shuffle makes the barrier stage a shuffle-map stage: Spark retries a failed one of those as a
        // whole, while it gives up on a failed barrier result stage (whose output may be committed)
        List<R> collected = new ArrayList<>(reports.toJavaRDD().repartition(1).collect());
        collected.sort(Comparator.comparingInt(Ranked::rank));
        return collected;
    }

    /** One barrier task: opens the exchange, runs the worker, closes the exchange. */
    private static final class Task<R extends Ranked> extends AbstractFunction1<Iterator<Integer>, Iterator<R>>
            implements Serializable {

        private final Worker<R> worker;
        private final Exchange exchange;

        Task(Worker<R> worker, Exchange exchange) {
            this.worker = worker;
            this.exchange = exchange;
        }

        @Override
        public Iterator<R> apply(Iterator<Integer> ignored) {
            BarrierTaskContext context = BarrierTaskContext.get();
            try (GradientExchange hook = exchange.open(context)) {
                R report = worker.train(context, hook);
                return CollectionConverters.asScala(List.of(report).iterator());
            } catch (RuntimeException e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("rank " + context.partitionId() + ": " + e.getMessage(), e);
            }
        }
    }
}
