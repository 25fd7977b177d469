package dev.rnn4j.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of bad inputs in RELIABILITY.md stays true to the tests: every row names test
 * methods that exist, every fragment in backticks of its message column occurs, written as Java
 * source writes it, in the body of one of those methods, and every class it names under "Where"
 * exists in the main sources. Reads the repository's files from the module folder Maven runs in.
 */
class BadInputCatalogueTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final String SECTION = "## Catalogue of bad inputs";
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern TEST_METHOD = Pattern.compile("`(\\w+)` · `(\\w+)`");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z]\\w*");
    /** Where a test method's body ends: the next test annotation. */
    private static final Pattern NEXT_TEST = Pattern.compile("\\n\\s*@(Test|ParameterizedTest|FuzzTest|RepeatedTest)\\b");

    /** One row: its text, where the input is read, the message column and the test column. */
    record Row(String line, String where, String message, String tests) {
    }

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(REPOSITORY.resolve("RELIABILITY.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf(SECTION);
        assertTrue(start >= 0, "RELIABILITY.md has no section '" + SECTION + "'");
        List<Row> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (!line.startsWith("| ") || line.startsWith("| Bad input ")) {
                continue;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
            assertEquals(4, cells.length, "a row has 4 columns: " + line);
            rows.add(new Row(line, cells[1], cells[2], cells[3]));
        }
        return rows;
    }

    /** Every Java file under the modules' {@code src/KIND/java} folders, by simple class name. */
    static Map<String, List<Path>> sources(String kind) throws IOException {
        Map<String, List<Path>> byName = new HashMap<>();
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            for (Path module : (Iterable<Path>) modules.filter(Files::isDirectory)::iterator) {
                Path root = module.resolve("src").resolve(kind).resolve("java");
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> byName
                            .computeIfAbsent(f.getFileName().toString().replace(".java", ""), k -> new ArrayList<>())
                            .add(f));
                }
            }
        }
        return byName;
    }

    /** The text of {@code method} in {@code source}: from its declaration to the next test annotation. */
    static String body(String source, String method) {
        int start = source.indexOf("void " + method + "(");
        if (start < 0) {
            return null;
        }
        String rest = source.substring(start);
        Matcher next = NEXT_TEST.matcher(rest);
        return next.find() ? rest.substring(0, next.start()) : rest;
    }

    /** {@code text} as it appears inside a Java string literal. */
    static String javaEscaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Test
    void everyRowIsAssertedByTheTestItNames() throws IOException {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 60, "the catalogue lists " + rows.size() + " bad inputs; expected at least 60");
        Map<String, List<Path>> tests = sources("test");
        Set<String> mainClasses = new HashSet<>(sources("main").keySet());
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            List<String> bodies = new ArrayList<>();
            for (String named : row.tests().split(", ")) {
                Matcher m = TEST_METHOD.matcher(named.strip());
                if (!m.matches()) {
                    problems.add("the test column should read `Class` · `method`, got '" + named + "' in " + row.line());
                    continue;
                }
                String body = null;
                for (Path file : tests.getOrDefault(m.group(1), List.of())) {
                    String found = body(Files.readString(file, StandardCharsets.UTF_8), m.group(2));
                    body = found != null ? found : body;
                }
                if (body == null) {
                    problems.add("no test method " + m.group(1) + "#" + m.group(2) + " for " + row.line());
                } else {
                    bodies.add(body);
                }
            }
            Matcher fragments = BACKTICKED.matcher(row.message());
            int count = 0;
            while (fragments.find()) {
                count++;
                String escaped = javaEscaped(fragments.group(1));
                if (bodies.stream().noneMatch(b -> b.contains(escaped))) {
                    problems.add("'" + fragments.group(1) + "' is not asserted by " + row.tests() + " (" + row.line()
                            + ")");
                }
            }
            if (count == 0) {
                problems.add("no fragment in backticks in the message column of " + row.line());
            }
            Matcher places = BACKTICKED.matcher(row.where());
            while (places.find()) {
                String name = places.group(1).split("\\.")[0];
                if (CLASS_NAME.matcher(name).matches() && !mainClasses.contains(name)) {
                    problems.add("no main class " + name + " (" + row.line() + ")");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theCheckSeesAFragmentThatNoTestAsserts() throws IOException {
        // the check itself: a fragment the named test does not hold is reported
        Path source = REPOSITORY.resolve("rnn4j-cli/src/test/java/dev/rnn4j/cli/ClassifyCliTest.java");
        String body = body(Files.readString(source, StandardCharsets.UTF_8), "lineWithNoLabel");
        assertTrue(body != null && body.contains(javaEscaped("no label")), String.valueOf(body));
        assertTrue(!body.contains(javaEscaped("no such message anywhere")));
        assertEquals("unknown label \\\"2\\\"", javaEscaped("unknown label \"2\""));
    }
}
