/**
 * Batch inference on Apache Spark for any trained model behind {@link dev.rnn4j.predict.Predictor},
 * and synchronous data-parallel training of a text classifier or a global forecaster in a barrier stage.
 *
 * <p>{@link dev.rnn4j.spark.PredictorTransformer} is a Spark ML {@code Transformer}: it adds a model's
 * predictions as columns (a text column to a label and its probabilities; a series column, an array of
 * numbers, to the next H values), running each partition through the model's batch path in batches (texts
 * sorted by length within a window of rows first, so that a batch pads little).
 * {@link dev.rnn4j.spark.PredictorUdf} registers the same model as a SQL function, one row per call.
 * {@link dev.rnn4j.spark.SparkPredictCommand} is {@code rnn4j spark predict}: files in, files out.
 *
 * <p>The model folder travels once per executor: the driver zips it and broadcasts the bytes
 * ({@link dev.rnn4j.spark.ModelShipper}), each executor unpacks them once ({@link dev.rnn4j.spark.ShippedModel})
 * and {@link dev.rnn4j.spark.ExecutorModels} loads the model once per executor JVM; alternatively the folder is
 * read at a path every executor sees (a shared file system). Which columns a task maps to and from is
 * {@link dev.rnn4j.spark.ColumnCodec}'s job, one per task.
 *
 * <p>Training: {@link dev.rnn4j.spark.SparkTrainCommand} is {@code rnn4j spark train classify} and, with
 * {@link dev.rnn4j.spark.SparkTrainForecast}, {@code rnn4j spark train forecast};
 * {@link dev.rnn4j.spark.BarrierTraining} runs one barrier stage of N tasks, each a worker of rank r, and
 * {@link dev.rnn4j.spark.ClassifierTrainingJob} (a text classifier) or {@link dev.rnn4j.spark.ForecastTrainingJob}
 * (a global forecaster on a panel) has each run the model's ordinary training ({@link dev.rnn4j.train.Trainer})
 * on its rows of every global batch; {@link dev.rnn4j.spark.ShippedRecord} carries settings and series in the
 * task closure. The trainer's gradient hook, a
 * {@link dev.rnn4j.spark.GradientExchange}, sums the gradients of all tasks every step: over a direct TCP ring
 * between the tasks ({@link dev.rnn4j.spark.RingReducer} on {@link dev.rnn4j.spark.TcpRing}, the addresses
 * exchanged once through {@code BarrierTaskContext.allGather}), or through {@code allGather} itself
 * ({@link dev.rnn4j.spark.AllGatherReducer}); {@link dev.rnn4j.spark.Exchange} chooses, and
 * {@link dev.rnn4j.spark.ReduceStats} says where the time went. Rank 0 writes the checkpoints; a failed task
 * fails the stage, Spark runs it again, and the tasks resume from the last checkpoint.
 * {@link dev.rnn4j.spark.SparkMain} dispatches the jar's two commands.
 */
package dev.rnn4j.spark;
