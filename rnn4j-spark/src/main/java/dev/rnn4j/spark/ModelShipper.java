package dev.rnn4j.spark;

import dev.rnn4j.quantize.ModelQuantizer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Ships a model folder to every executor, once per Spark application: the driver zips the folder in memory and
 * broadcasts the bytes ({@link JavaSparkContext#broadcast}); an executor fetches them once, the first time one
 * of its tasks asks, and {@link ShippedModel#localFolder()} unpacks them there once. A broadcast rather than
 * {@code SparkContext.addFile} or {@code addArchive}: Spark adds a local directory with {@code addFile} only in
 * local mode, and the files and archives a task sees depend on the session it runs in (Spark 4 keeps each
 * session's artifacts apart), while a broadcast reaches every task that holds it.
 *
 * <p>A model folder's training run ({@code training/}) stays behind. Shipping the same folder again in the same application reuses the first broadcast.
 */
final class ModelShipper {

    /** The shipment by Spark application and canonical model folder. */
    private static final Map<String, ShippedModel> SHIPPED = new ConcurrentHashMap<>();

    private ModelShipper() {
    }

    /**
     * The model in {@code folder}, shipped to the executors of {@code spark} (at most once per application).
     *
     * @throws IllegalArgumentException if {@code folder} is not a directory
     * @throws UncheckedIOException     if the folder cannot be read
     */
    static ShippedModel ship(SparkContext spark, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("modelPath: " + folder + " is not a directory");
        }
        Path canonical;
        try {
            canonical = folder.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("modelPath: cannot resolve " + folder + ": " + e.getMessage(), e);
        }
        return SHIPPED.computeIfAbsent(spark.applicationId() + "\n" + canonical, key -> broadcast(spark, canonical));
    }

    private static ShippedModel broadcast(SparkContext spark, Path folder) {
        // the name of the folder an executor unpacks to: unique per folder, readable in a listing
        String base = folder.getFileName() == null ? "model" : folder.getFileName().toString();
        String name = "rnn4j-" + base.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + Integer.toHexString(folder.toString().hashCode()).toLowerCase(Locale.ROOT);
        try {
            Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(spark).broadcast(zip(folder));
            return new ShippedModel(folder.toString(), name, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("modelPath: cannot read " + folder + " to ship it: " + e.getMessage(), e);
        }
    }

    /**
     * Every regular file under {@code folder} as a zip archive, by its path relative to the folder, except the
     * training run a training command leaves in the model folder ({@link ModelQuantizer#RUN_FOLDER}: checkpoints
     * and metric logs, often far larger than the model, which predicting never reads).
     */
    static byte[] zip(Path folder) throws IOException {
        Path run = folder.resolve(ModelQuantizer.RUN_FOLDER);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(file -> !file.startsWith(run)).sorted().toList();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream archive = new ZipOutputStream(out)) {
            for (Path file : files) {
                archive.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, archive);
                archive.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
