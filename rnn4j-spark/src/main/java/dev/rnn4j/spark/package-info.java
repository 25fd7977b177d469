/**
 * Batch inference on Apache Spark for any trained model behind {@link dev.rnn4j.predict.Predictor}.
 *
 * <p>{@link dev.rnn4j.spark.PredictorTransformer} is a Spark ML {@code Transformer}: it adds a model's
 * predictions as columns (a text column to a label and its probabilities; a series column, an array of
 * numbers, to the next H values), running each partition through the model's batch path in chunks.
 * {@link dev.rnn4j.spark.PredictorUdf} registers the same model as a SQL function, one row per call.
 * {@link dev.rnn4j.spark.SparkPredictCommand} is {@code rnn4j spark predict}: files in, files out.
 *
 * <p>The model folder travels once per executor: the driver zips it and broadcasts the bytes
 * ({@link dev.rnn4j.spark.ModelShipper}), each executor unpacks them once ({@link dev.rnn4j.spark.ShippedModel})
 * and {@link dev.rnn4j.spark.ExecutorModels} loads the model once per executor JVM; alternatively the folder is
 * read at a path every executor sees (a shared file system). Which columns a task maps to and from is
 * {@link dev.rnn4j.spark.ColumnCodec}'s job, one per task.
 */
package dev.rnn4j.spark;
