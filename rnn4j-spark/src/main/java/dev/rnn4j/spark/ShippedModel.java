package dev.rnn4j.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.broadcast.Broadcast;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Where a task finds a model folder: unpacked from the zip that {@link ModelShipper} broadcast (once per
 * executor JVM, under Spark's files directory, which Spark deletes when the executor stops), or at a path
 * that every executor reads as the driver does (a shared file system). Small and serializable: this, not the
 * model, travels with every task (a broadcast serializes as a reference; the bytes come once per executor).
 *
 * @param driverPath the model folder as the driver names it (for messages, and the folder itself when not shipped)
 * @param name       the name of the folder an executor unpacks the shipped zip to, or null when not shipped
 * @param zip        the broadcast zip of the folder, or null when not shipped
 */
record ShippedModel(String driverPath, String name, Broadcast<byte[]> zip) implements Serializable {

    /** Unpacked folders of this JVM, by broadcast id. */
    private static final Map<Long, Path> UNPACKED = new ConcurrentHashMap<>();

    ShippedModel {
        if (driverPath == null || driverPath.isBlank()) {
            throw new IllegalArgumentException("driverPath: expected a model folder, got " + driverPath);
        }
        if ((name == null) != (zip == null)) {
            throw new IllegalArgumentException("name, zip: expected both (shipped) or neither, got " + name + ", "
                    + zip);
        }
    }

    /** A folder every executor reads at {@code folder} itself. */
    static ShippedModel shared(Path folder) {
        return new ShippedModel(folder.toAbsolutePath().toString(), null, null);
    }

    /** Whether Spark ships the folder (else every executor reads {@link #driverPath}). */
    boolean shipped() {
        return zip != null;
    }

    /**
     * The model folder on this executor, unpacked on first use when shipped.
     *
     * @throws IllegalStateException if a folder that is not shipped is not there, naming the executor
     * @throws UncheckedIOException  if the shipped zip cannot be unpacked
     */
    Path localFolder() {
        if (shipped()) {
            return UNPACKED.computeIfAbsent(zip.id(), id -> unpack());
        }
        Path folder = Path.of(driverPath);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("model folder " + driverPath + ": not found on executor " + executorId()
                    + "; with shipModel=false every executor must read the folder at that path (a shared file"
                    + " system), else leave shipModel on");
        }
        return folder;
    }

    private Path unpack() {
        try {
            Path root = Files.createDirectories(Path.of(SparkFiles.getRootDirectory()));
            Path folder = Files.createTempDirectory(root, name + "-");
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.value()))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    Path file = folder.resolve(entry.getName()).normalize();
                    if (!file.startsWith(folder)) {
                        throw new IOException("entry " + entry.getName() + " points outside the folder");
                    }
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("model folder " + driverPath + ": cannot unpack the shipped copy on executor "
                    + executorId() + ": " + e.getMessage(), e);
        }
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return (env == null ? "(no Spark environment)" : env.executorId()) + " (" + hostName() + ")";
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown host";
        }
    }
}
