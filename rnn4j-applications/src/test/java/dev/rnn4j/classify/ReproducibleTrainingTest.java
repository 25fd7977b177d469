package dev.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.text.LabeledText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of {@link TextClassifier}'s Javadoc: the same seed, data and thread count give the
 * same model bit for bit, here checked on the bytes of {@code weights.safetensors} from two
 * trainings in one JVM. The first runs while the JIT is still compiling the kernels, the second on
 * compiled code, so any kernel whose arithmetic depends on the JIT tier shows up (JDK 25's
 * {@code reduceLanes} did; JDK 17's does not, hence the second check in a child JVM on the newest
 * JDK installed next to this one).
 */
class ReproducibleTrainingTest {

    /**
     * Batches of 3 sentences: every recurrent step {@code h · W_hhᵀ} runs the few-rows GEMM path
     * (at most 4 rows), about 2,000 times per epoch, enough for C2 to compile it during the first
     * training; hidden 32 is at least one vector (16 lanes at AVX-512), so lane sums are exercised.
     */
    static final ClassifierConfig CONFIG = ClassifierConfig.defaults().toBuilder()
            .embeddingDim(32).hiddenSize(32).dropout(0.1).embeddingDropout(0.1).minFrequency(1)
            .epochs(3).patience(0).batchSize(3).learningRate(0.01).seed(5).ensembleSize(1).build();

    @TempDir
    Path dir;

    @Test
    void twoTrainingsInOneJvmGiveTheSameWeightBytes() throws IOException {
        byte[] first = trainAndSave(dir.resolve("first"));
        byte[] second = trainAndSave(dir.resolve("second"));
        assertArrayEquals(first, second, "weights.safetensors of two identical trainings ("
                + KernelProvider.get().name() + ")");
    }

    @Test
    void twoTrainingsGiveTheSameWeightBytesOnTheNewestJdk() throws IOException, InterruptedException {
        Path java = newestJava(21);
        assumeTrue(java != null, "no JDK 21 or later installed next to " + System.getProperty("java.home"));
        // -Xbatch: compilation is synchronous, so the first training surely starts interpreted and the
        // second surely runs compiled code.
        Process child = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-Xbatch",
                "-cp", System.getProperty("java.class.path"), ReproducibleTrainingTest.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not end");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), java + " reported:\n" + text);
        assertTrue(text.contains("same weight bytes"), java + " printed no verdict:\n" + text);
    }

    /** Child entry point: trains twice under the folder args[0]; exit status 0 when the weight files are equal. */
    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0]);
        byte[] first = trainAndSave(base.resolve("child-first"));
        byte[] second = trainAndSave(base.resolve("child-second"));
        if (!java.util.Arrays.equals(first, second)) {
            System.out.println("weights.safetensors differ between two identical trainings on " + Runtime.version()
                    + " (" + KernelProvider.get().name() + ")");
            System.exit(1);
        }
        System.out.println("same weight bytes on " + Runtime.version() + " (" + KernelProvider.get().name() + ")");
    }

    static byte[] trainAndSave(Path folder) throws IOException {
        List<LabeledText> train = TextClassifierTest.sentences(160, 1);
        List<LabeledText> dev = TextClassifierTest.sentences(40, 2);
        TextClassifier.train(train, dev, CONFIG).save(folder);
        return Files.readAllBytes(folder.resolve(ModelFolder.WEIGHTS));
    }

    /**
     * The java launcher of the newest JDK of at least {@code minVersion} among the JDKs installed
     * next to the running one (siblings of java.home, read from their {@code release} files), or null.
     */
    static Path newestJava(int minVersion) throws IOException {
        Path parent = Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return null;
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        Path best = null;
        int bestVersion = minVersion - 1;
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path jdk : (Iterable<Path>) dirs::iterator) {
                Path release = jdk.resolve("release");
                Path java = jdk.resolve("bin").resolve("java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
                    continue;
                }
                Matcher matcher = version.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
                if (matcher.find() && Integer.parseInt(matcher.group(1)) > bestVersion) {
                    bestVersion = Integer.parseInt(matcher.group(1));
                    best = java;
                }
            }
        }
        return best;
    }
}
