package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Main} in a child JVM (one kernel thread, plus the JVM options given), to be run
 * to the end or killed with SIGKILL at a chosen moment; and the comparison of two model folders.
 */
final class ChildCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChildCli() {
    }

    /** What a child printed and how it ended. */
    record Ended(int status, List<String> lines) {
    }

    /** A child JVM running {@code rnn4j ARGS} with its standard output merged with its errors. */
    static Process start(List<String> jvmOptions, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m",
                "-Drnn4j.threads=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).directory(new File(System.getProperty("user.dir")))
                .start();
    }

    /** Runs {@code rnn4j ARGS} to its end. */
    static Ended run(List<String> jvmOptions, List<String> args) throws Exception {
        Process p = start(jvmOptions, args);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = reader(p, lines);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child did not finish in 300 s: " + lines);
        reader.join();
        return new Ended(p.exitValue(), List.copyOf(lines));
    }

    /**
     * Runs {@code rnn4j ARGS} and kills it with SIGKILL as soon as {@code killWhen} holds (checked
     * every millisecond); fails if the child ends before that.
     */
    static Ended runAndKill(List<String> jvmOptions, List<String> args, Predicate<List<String>> killWhen)
            throws Exception {
        Process p = start(jvmOptions, args);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = reader(p, lines);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!killWhen.test(lines)) {
            assertTrue(p.isAlive(), "the child ended before it could be killed: " + lines);
            assertTrue(System.nanoTime() < deadline, "the kill moment never came: " + lines);
            Thread.sleep(1);
        }
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
        reader.join();
        assertEquals(137, p.exitValue(), "expected death by SIGKILL (128 + 9); output " + lines);
        return new Ended(p.exitValue(), List.copyOf(lines));
    }

    private static Thread reader(Process p, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The step of the checkpoint {@code runFolder/latest} names, or -1 when there is none yet. */
    static long latestStep(Path runFolder) {
        try {
            String name = Files.readString(runFolder.resolve("latest"), StandardCharsets.UTF_8).trim();
            return name.matches("step-[0-9]+") ? Long.parseLong(name.substring(5)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Every file under {@code folder} by relative path, with its content; JSON files are parsed and
     * stripped of wall-time fields (keys ending in {@code seconds}, which no two runs share).
     * {@code metrics.jsonl} (a log with throughput per epoch) is left out.
     */
    static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String name = folder.relativize(file).toString();
                if (file.getFileName().toString().equals("metrics.jsonl")) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                if (name.endsWith(".json")) {
                    JsonNode tree = JSON.readTree(bytes);
                    stripSeconds(tree);
                    out.put(name, tree.toString());
                } else {
                    out.put(name, java.util.HexFormat.of().formatHex(sha256(bytes)));
                }
            }
        }
        return out;
    }

    private static void stripSeconds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                if (it.next().endsWith("seconds")) {
                    it.remove();
                }
            }
        }
        node.forEach(ChildCli::stripSeconds);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that two folders hold the same files with the same contents (see {@link #contents}). */
    static void assertSameFolders(Path expected, Path actual) throws IOException {
        Map<String, String> a = contents(expected);
        Map<String, String> b = contents(actual);
        assertEquals(a.keySet(), b.keySet(), "the two folders hold different files");
        for (String name : a.keySet()) {
            assertEquals(a.get(name), b.get(name), name + " differs");
        }
    }
}
