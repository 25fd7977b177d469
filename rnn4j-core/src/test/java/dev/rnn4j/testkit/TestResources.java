package dev.rnn4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The golden case folders (golden/, golden-seq/) as directories, whether the tests run from classes (rnn4j-core) or from the core
 * test jar (rnn4j-vector re-runs the core suite), in which case they are copied out once.
 */
public final class TestResources {

    private static final Map<String, Path> FOLDERS = new HashMap<>();

    private TestResources() {
    }

    /** The folder holding the copied PyTorch reference cases of tools/make_golden.py and MANIFEST.json. */
    public static Path goldenDir() {
        return folder("golden");
    }

    /** The folder holding the reference cases of tools/make_golden_seq.py that the tests read, and MANIFEST.json. */
    public static Path goldenSeqDir() {
        return folder("golden-seq");
    }

    /** A resource folder with MANIFEST.json, README.md and the files MANIFEST.json names, as a directory. */
    private static synchronized Path folder(String name) {
        Path known = FOLDERS.get(name);
        if (known != null) {
            return known;
        }
        String prefix = "/" + name + "/";
        URL manifest = TestResources.class.getResource(prefix + "MANIFEST.json");
        if (manifest == null) {
            throw new IllegalStateException(name + "/MANIFEST.json is not on the test class path");
        }
        try {
            Path dir;
            if (manifest.getProtocol().equals("file")) {
                dir = Path.of(manifest.toURI()).getParent();
            } else {
                dir = Files.createTempDirectory("rnn4j-" + name);
                dir.toFile().deleteOnExit();
                String listing = new String(read(prefix + "MANIFEST.json"), java.nio.charset.StandardCharsets.UTF_8);
                copy(prefix + "MANIFEST.json", dir);
                copy(prefix + "README.md", dir);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"file\":\\s*\"([^\"]+)\"")
                        .matcher(listing);
                while (m.find()) {
                    copy(prefix + m.group(1), dir);
                }
            }
            FOLDERS.put(name, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = TestResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static void copy(String resource, Path dir) throws IOException {
        Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = TestResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
    }
}
