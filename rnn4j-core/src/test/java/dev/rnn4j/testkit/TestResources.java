package dev.rnn4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The golden cases as a folder, whether the tests run from classes (rnn4j-core) or from the core
 * test jar (rnn4j-vector re-runs the core suite), in which case they are copied out once.
 */
public final class TestResources {

    private static Path golden;

    private TestResources() {
    }

    /** The folder holding the copied PyTorch reference cases and MANIFEST.json. */
    public static synchronized Path goldenDir() {
        if (golden != null) {
            return golden;
        }
        URL manifest = TestResources.class.getResource("/golden/MANIFEST.json");
        if (manifest == null) {
            throw new IllegalStateException("golden/MANIFEST.json is not on the test class path");
        }
        try {
            if (manifest.getProtocol().equals("file")) {
                golden = Path.of(manifest.toURI()).getParent();
                return golden;
            }
            Path dir = Files.createTempDirectory("rnn4j-golden");
            dir.toFile().deleteOnExit();
            String listing = new String(read("/golden/MANIFEST.json"), java.nio.charset.StandardCharsets.UTF_8);
            copy("/golden/MANIFEST.json", dir);
            copy("/golden/README.md", dir);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"file\":\\s*\"([^\"]+)\"").matcher(listing);
            while (m.find()) {
                copy("/golden/" + m.group(1), dir);
            }
            golden = dir;
            return golden;
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
