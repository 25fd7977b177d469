package dev.rnn4j.series;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers shared by the series tests: the copied real CSV files and small files written in a temp dir. */
final class SeriesTestFiles {
    private SeriesTestFiles() {
    }

    /** A copy of a real data set under src/test/resources/series. */
    static Path resource(String name) {
        try {
            return Path.of(SeriesTestFiles.class.getResource("/series/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} exactly (no newline added) to {@code dir/name}. */
    static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Asserts that the message contains every fragment (file, line, column ...). */
    static void assertMentions(Throwable e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' should contain '" + f
                    + "'");
        }
    }

    static double[] airline() throws IOException {
        return new SeriesCsvReader().timeColumn("Month").valueColumns("Passengers")
                .read(resource("airline-passengers.csv")).values("Passengers");
    }
}
