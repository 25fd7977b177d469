import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.train.CheckpointException;
import dev.rnn4j.train.Checkpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Crash safety at random: every training command of the rnn4j command line is run once to its end
 * (the reference), then again while being killed with SIGKILL at random moments and restarted with
 * {@code --resume} each time, until the given number of kills is reached and the last run completes.
 * After every kill each checkpoint left on disk must pass {@link Checkpoints#read} (sizes and
 * SHA-256 of the manifest, safetensors headers); at the end the model folder must equal the
 * reference's file for file. Then a full disk and a read-only output folder: the command must fail
 * with a message naming the folder, keep its last checkpoint readable, and finish like the
 * reference once resumed.
 *
 * <p>Run it from the repository root with {@code tools/reliability/crash-safety.sh}, which builds
 * the jar if needed and starts this file as a single-file program:
 * {@code java -cp rnn4j-cli/target/rnn4j.jar tools/reliability/CrashSafety.java [options]}.
 * Options: {@code --seed N} (default 20), {@code --kills N} per command (default 20),
 * {@code --commands classify,forecast,translate,lm,speech,qa}, {@code --write-bias P} (the share of
 * kills that wait for a file being written, default 0.4), {@code --span F} (a kill moment after the
 * first checkpoint is drawn within F of the reference's time from its first checkpoint to its end, default 0.5),
 * {@code --no-faults}, {@code --faults-only} (the references and the faults, no kills), {@code --work DIR}
 * (default {@code target/crash-safety}), {@code --java PATH} (the JVM of the children).
 *
 * <p>A kill "hits a write" when the killed process left a temporary file or folder behind: the
 * checkpoint folder being written ({@code .tmp-step-…}), a pointer or log being replaced
 * ({@code .tmp-latest-…}), a folder being deleted ({@code .trash-…}) or a weights or config file
 * being replaced ({@code .NAME.….tmp}).
 */
public final class CrashSafety {

    /** JSON keys that hold wall-clock measurements, which no two runs share. */
    static final Set<String> WALL_CLOCK_KEYS = Set.of("seconds", "train_seconds", "seq_per_s");

    private final Path repo;
    private final Path work;
    private final String java;
    private final long seed;
    private final int kills;
    private final double writeBias;
    private final double span;
    private final List<String> summary = new ArrayList<>();
    private final List<String> faultSummary = new ArrayList<>();
    private final Map<String, Reference> references = new LinkedHashMap<>();
    private boolean failed;

    private CrashSafety(Path repo, Path work, String java, long seed, int kills, double writeBias, double span) {
        this.repo = repo;
        this.work = work;
        this.java = java;
        this.seed = seed;
        this.kills = kills;
        this.writeBias = writeBias;
        this.span = span;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(".");
        Path work = null;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long seed = 20;
        int kills = 20;
        double writeBias = 0.4;
        double span = 0.5;
        boolean faults = true;
        boolean killsToo = true;
        List<String> commands = Workloads.NAMES;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--repo" -> repo = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--java" -> java = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--write-bias" -> writeBias = Double.parseDouble(args[++i]);
                case "--span" -> span = Double.parseDouble(args[++i]);
                case "--commands" -> commands = List.of(args[++i].split(","));
                case "--no-faults" -> faults = false;
                case "--faults-only" -> killsToo = false;
                default -> throw new IllegalArgumentException("unknown option " + a + " (see the class comment)");
            }
        }
        for (String c : commands) {
            if (!Workloads.NAMES.contains(c)) {
                throw new IllegalArgumentException("--commands: unknown command " + c + ", expected some of "
                        + Workloads.NAMES);
            }
        }
        if (kills < 1 || !(writeBias >= 0 && writeBias <= 1) || !(span > 0)) {
            throw new IllegalArgumentException("expected --kills >= 1, --write-bias in [0, 1] and --span > 0");
        }
        work = (work == null ? repo.resolve("target").resolve("crash-safety") : work).toAbsolutePath().normalize();
        Path jar = repo.resolve("rnn4j-cli/target/rnn4j.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no " + jar + ": build it first (./rnn4j --version builds it)");
        }
        Tree.deleteTree(work);
        Files.createDirectories(work);
        CrashSafety run = new CrashSafety(repo.toAbsolutePath().normalize(), work, java, seed, kills, writeBias, span);
        ChildRun.configure(java, jar);
        System.out.printf(Locale.ROOT, "crash safety: seed %d, %d kills per command, write bias %.2f, span %.2f, "
                + "java %s, work folder %s%n", seed, kills, writeBias, span, java, work);
        Workloads workloads = new Workloads(run.repo, work.resolve("data"));
        long started = System.nanoTime();
        for (String command : commands) {
            if (killsToo) {
                run.crashCommand(command, workloads, new Random(seed * 1_000_003L + Workloads.NAMES.indexOf(command)));
            } else {
                run.references.put(command, run.reference(command, workloads));
            }
        }
        if (faults) {
            new Faults(run, workloads, run.references).runAll(commands);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "summary (%.0f s):%n", (System.nanoTime() - started) / 1e9);
        System.out.println("| Command | Reference run | Kills | Kills during a write (of them waiting for one) | Writes hit"
                + " | Resumes | Checkpoints read after kills | Rounds completed | Result |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        run.summary.forEach(System.out::println);
        if (!run.faultSummary.isEmpty()) {
            System.out.println();
            System.out.println("| Fault | Command | The error line (WORK: the work folder) | Checkpoints after it | Result |");
            System.out.println("|---|---|---|---|---|");
            run.faultSummary.forEach(System.out::println);
        }
        System.out.println(run.failed ? "RESULT: FAILED" : "RESULT: PASSED");
        System.exit(run.failed ? 1 : 0);
    }

    Path work() {
        return work;
    }

    void fail(String line) {
        failed = true;
        System.out.println("FAIL: " + line);
    }

    void summarise(String line) {
        summary.add(line);
    }

    void summariseFault(String line) {
        faultSummary.add(line);
    }

    /** The reference run of {@code command} in {@code WORK/COMMAND/reference}, with its wall time. */
    Reference reference(String command, Workloads workloads) throws Exception {
        Path out = work.resolve(command).resolve("reference");
        List<String> args = workloads.args(command, out);
        System.out.println(command + ": " + String.join(" ", args));
        long t0 = System.nanoTime();
        ChildRun child = ChildRun.start(args, work.resolve(command).resolve("reference.log"));
        double firstCheckpoint = Double.NaN;
        while (child.process().isAlive() && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(10)) {
            if (Double.isNaN(firstCheckpoint) && OutputFolder.anyLatest(out)) {
                firstCheckpoint = (System.nanoTime() - t0) / 1e9;
            }
            LockSupport.parkNanos(1_000_000);
        }
        int status = child.waitFor(TimeUnit.MINUTES.toNanos(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (status != 0) {
            throw new IllegalStateException(command + ": the reference run ended with status " + status + ":\n"
                    + child.tail(15));
        }
        if (Double.isNaN(firstCheckpoint)) {
            firstCheckpoint = seconds / 2;
        }
        System.out.printf(Locale.ROOT, "%s: reference run %.1f s (first checkpoint at %.1f s), %d files%n", command,
                seconds, firstCheckpoint, FolderComparison.files(out).size());
        return new Reference(out, seconds, firstCheckpoint, args);
    }

    /** An uninterrupted run: its folder, wall time and the moment its first checkpoint was complete. */
    record Reference(Path out, double seconds, double firstCheckpoint, List<String> args) {

        /**
         * A kill moment after a (re)start: a quarter of them before the first checkpoint (start-up, data,
         * the first write), the rest after it, uniformly within {@code span} of the time from there to the end
         * (a restarted run repeats its start-up before it gets further).
         */
        long killDelayNanos(Random random, double span) {
            double s = random.nextDouble() < 0.25 ? random.nextDouble() * firstCheckpoint
                    : firstCheckpoint + random.nextDouble() * span * (seconds - firstCheckpoint);
            return (long) (s * 1e9);
        }
    }

    /** Kills {@code command} at random moments until {@link #kills} kills, resuming each time; checks every round. */
    private void crashCommand(String command, Workloads workloads, Random random) throws Exception {
        Reference reference = reference(command, workloads);
        references.put(command, reference);
        int killed = 0;
        int hitWrites = 0;
        int waitedForWrite = 0;
        int resumes = 0;
        int freshRestarts = 0;
        int rounds = 0;
        int checkpointsRead = 0;
        int completedRounds = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Integer> writesHit = new TreeMap<>();
        while (killed < kills && problems.isEmpty()) {
            rounds++;
            Path out = work.resolve(command).resolve("round-" + rounds);
            int attempt = 0;
            while (problems.isEmpty()) {
                attempt++;
                boolean resume = OutputFolder.anyLatest(out);
                List<String> args = workloads.args(command, out);
                if (resume) {
                    args.add("--resume");
                    resumes++;
                } else if (attempt > 1) {
                    freshRestarts++;
                }
                Path log = work.resolve(command).resolve("round-" + rounds + "-attempt-" + attempt + ".log");
                boolean killThisOne = killed < kills;
                boolean waitForWrite = killThisOne && random.nextDouble() < writeBias;
                long delay = reference.killDelayNanos(random, span);
                // a killed run's leftovers stay until the resumed run tidies its folder: only new ones count
                Set<String> before = new TreeSet<>(OutputFolder.temporaryEntries(out));
                ChildRun child = ChildRun.start(args, log);
                long limit = TimeUnit.SECONDS.toNanos(60) + (long) (20 * reference.seconds() * 1e9);
                ChildRun.Outcome outcome = killThisOne
                        ? child.killAt(delay, waitForWrite ? out : null, before, limit)
                        : new ChildRun.Outcome(false, child.waitFor(limit), 0);
                if (!outcome.killed()) {
                    if (outcome.status() != 0) {
                        problems.add("round " + rounds + ", attempt " + attempt + (resume ? " (--resume)" : "")
                                + " ended with status " + outcome.status() + ":\n" + child.tail(12));
                        break;
                    }
                    List<String> differences = FolderComparison.compare(reference.out(), out);
                    completedRounds++;
                    if (completedRounds == 1) {
                        System.out.printf(Locale.ROOT, "%s: compared %d files; equal only without the wall-clock keys"
                                        + " %s: %s%n", command, FolderComparison.files(reference.out()).size(),
                                WALL_CLOCK_KEYS, FolderComparison.wallClockOnly(reference.out(), out));
                    }
                    System.out.printf(Locale.ROOT, "%s: round %d completed after %d attempts: %s%n", command, rounds,
                            attempt, differences.isEmpty() ? "the same folder as the reference"
                                    : "DIFFERS: " + differences);
                    if (!differences.isEmpty()) {
                        problems.add("round " + rounds + " saved a different folder: " + differences);
                    }
                    break;
                }
                killed++;
                if (waitForWrite) {
                    waitedForWrite++;
                }
                List<String> leftovers = new ArrayList<>(OutputFolder.temporaryEntries(out));
                leftovers.removeAll(before);
                if (!leftovers.isEmpty()) {
                    hitWrites++;
                    for (String l : leftovers) {
                        writesHit.merge(OutputFolder.kindOf(l), 1, Integer::sum);
                    }
                }
                OutputFolder.Verified verified = OutputFolder.verifyCheckpoints(out);
                checkpointsRead += verified.read();
                for (String p : verified.problems()) {
                    problems.add("after kill " + killed + ": " + p);
                }
                System.out.printf(Locale.ROOT, "%s: kill %d/%d (round %d, attempt %d%s) at %.2f s (%s)%s; %d checkpoints"
                                + " read%n", command, killed, kills, rounds, attempt, resume ? ", --resume" : "",
                        outcome.seconds(), waitForWrite ? String.format(Locale.ROOT, "the first write after %.2f s",
                                delay / 1e9) : "timed", leftovers.isEmpty() ? "" : ", during a write: " + leftovers,
                        verified.read());
            }
        }
        String result = problems.isEmpty() ? "passed" : "FAILED";
        for (String p : problems) {
            fail(command + ": " + p);
        }
        summarise(String.format(Locale.ROOT, "| `%s train` | %.1f s | %d | %d (%d waited for one) | %s | %d (%d fresh "
                        + "restarts before a first checkpoint) | %d | %d of %d | %s |", command, reference.seconds(),
                killed, hitWrites, waitedForWrite, writesHit, resumes, freshRestarts, checkpointsRead,
                completedRounds, rounds, result));
    }

    // ------------------------------------------------------------------------------------------

    /** Applies {@code write} or its removal to every file and folder under {@code root}. */
    static void setWritable(Path root, boolean writable) throws IOException {
        // twice: a command still running may create entries while the first pass walks
        for (int pass = 0; pass < 2; pass++) {
            try {
                setWritableOnce(root, writable);
            } catch (UncheckedIOException e) {
                setWritableOnce(root, writable);
            }
        }
    }

    private static void setWritableOnce(Path root, boolean writable) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Set<PosixFilePermission> perms;
                try {
                    perms = Files.getPosixFilePermissions(p);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                for (PosixFilePermission w : List.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_WRITE)) {
                    if (writable && w == PosixFilePermission.OWNER_WRITE) {
                        perms.add(w);
                    } else if (!writable) {
                        perms.remove(w);
                    }
                }
                try {
                    Files.setPosixFilePermissions(p, perms);
                } catch (NoSuchFileException gone) {
                    // removed by the command meanwhile
                }
            }
        }
    }
}

/** The six training commands on small data copied from the repository's test resources. */
final class Workloads {

    static final List<String> NAMES = List.of("classify", "forecast", "translate", "lm", "speech", "qa");

    private final Path repo;
    private final Path data;

    Workloads(Path repo, Path data) throws IOException {
        this.repo = repo;
        this.data = data;
        Path resources = repo.resolve("rnn4j-applications/src/test/resources");
        Files.createDirectories(data);
        Files.copy(resources.resolve("text/sst2/stsa.binary.train"), data.resolve("sst2.train"));
        Files.copy(resources.resolve("series/airline-passengers.csv"), data.resolve("airline-passengers.csv"));
        List<String> de = Files.readAllLines(resources.resolve("translation/multi30k/val.de"));
        List<String> en = Files.readAllLines(resources.resolve("translation/multi30k/val.en"));
        Files.write(data.resolve("train.de"), de.subList(0, 150));
        Files.write(data.resolve("train.en"), en.subList(0, 150));
        Files.write(data.resolve("dev.de"), de.subList(150, 200));
        Files.write(data.resolve("dev.en"), en.subList(150, 200));
        Files.write(data.resolve("lm.txt"), en);
        Path recordings = Files.createDirectories(data.resolve("fsdd").resolve("recordings"));
        for (String source : List.of("7_nicolas_1.wav", "3_jackson_0.wav", "5_theo_2.wav")) {
            String[] parts = source.split("_");
            // indices 8 and 9 train, 6 validates, 0 is the test recording
            for (int index : new int[] {9, 8, 6, 0}) {
                Files.copy(resources.resolve("dev/rnn4j/speech/fsdd").resolve(source),
                        recordings.resolve(parts[0] + "_" + parts[1] + "_" + index + ".wav"));
            }
        }
        Path babi = Files.createDirectories(data.resolve("babi").resolve("en"));
        try (Stream<Path> files = Files.list(resources.resolve("dev/rnn4j/qa/babi/en"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, babi.resolve(f.getFileName()));
            }
        }
        Tree.makeReadableByAll(data);
    }

    /** The arguments of {@code COMMAND train} writing to {@code out} (a mutable list). */
    List<String> args(String command, Path out) {
        String d = data.toString();
        List<String> a = new ArrayList<>(switch (command) {
            // the defaults (3 networks, the n-gram table, epoch averaging, dev n-grams, dropout, patience)
            // with a narrow network and few epochs
            case "classify" -> List.of("classify", "train", "--train", d + "/sst2.train", "--embedding-dim", "16",
                    "--hidden", "16", "--epochs", "4");
            case "forecast" -> List.of("forecast", "train", "--csv", d + "/airline-passengers.csv", "--target",
                    "Passengers", "--time", "Month", "--horizon", "12", "--test-size", "12", "--epochs", "40",
                    "--hidden", "8", "--ensemble", "2");
            case "translate" -> List.of("translate", "train", "--src", d + "/train.de", "--tgt", d + "/train.en",
                    "--dev-src", d + "/dev.de", "--dev-tgt", d + "/dev.en", "--merges", "120", "--max-tokens", "150",
                    "--embedding-dim", "16", "--encoder-hidden", "16", "--decoder-hidden", "24", "--batch-tokens",
                    "400", "--epochs", "4", "--lr", "0.005", "--max-minutes", "0");
            case "lm" -> List.of("lm", "train", "--text", d + "/lm.txt", "--embedding-dim", "8", "--hidden", "16",
                    "--layers", "1", "--epochs", "2", "--batch-size", "4", "--window", "16", "--lr", "0.01",
                    "--dropout", "0.1", "--sample-length", "20", "--checkpoint-every", "10");
            case "speech" -> List.of("speech", "train", "--data", d + "/fsdd", "--epochs", "15", "--batch-size", "3",
                    "--lr", "0.01", "--hidden", "12", "--layers", "1");
            case "qa" -> List.of("qa", "train", "--data", d + "/babi", "--task", "1", "--hidden", "8", "--epochs",
                    "6", "--batch-size", "8");
            default -> throw new IllegalArgumentException("unknown command " + command);
        });
        a.addAll(List.of("--seed", "5", "--threads", "1", "--quiet", "--out", out.toString()));
        return a;
    }
}

/** One child JVM running the command-line jar, its output in a log file. */
final class ChildRun {

    private static List<String> prefix;

    private final Process process;
    private final Path log;
    private final long started = System.nanoTime();

    private ChildRun(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static void configure(String java, Path jar) {
        prefix = List.of(java, "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xss8m",
                "-XX:-UsePerfData", "-jar", jar.toString());
    }

    record Outcome(boolean killed, int status, double seconds) {
    }

    static ChildRun start(List<String> args, Path log) throws IOException {
        return start(List.of(), args, log);
    }

    /** Starts {@code rnn4j ARGS}, the JVM preceded by {@code wrapper} (e.g. setpriv), output to {@code log}. */
    static ChildRun start(List<String> wrapper, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(prefix);
        command.addAll(args);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildRun(p, log);
    }

    /** Waits for the end; kills and throws after {@code limitNanos}. */
    int waitFor(long limitNanos) throws Exception {
        if (!process.waitFor(limitNanos, TimeUnit.NANOSECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the child did not finish in " + limitNanos / 1e9 + " s: " + tail(10));
        }
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL {@code delayNanos} after its start or, when {@code watch} is not null, at
     * the first moment after that when a temporary file or folder not in {@code ignore} (paths relative to
     * {@code watch}) exists under {@code watch}; returns
     * without killing if the child ends first.
     */
    Outcome killAt(long delayNanos, Path watch, Set<String> ignore, long limitNanos) throws Exception {
        while (true) {
            if (!process.isAlive()) {
                return new Outcome(false, process.exitValue(), seconds());
            }
            long elapsed = System.nanoTime() - started;
            if (elapsed > limitNanos) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the child did not finish in " + limitNanos / 1e9 + " s: " + tail(10));
            }
            if (elapsed >= delayNanos && (watch == null || OutputFolder.hasTemporaryEntry(watch, ignore))) {
                process.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                int status = process.waitFor();
                if (status != 137) {
                    // it ended on its own between the check and the kill
                    return new Outcome(false, status, seconds());
                }
                return new Outcome(true, status, seconds());
            }
            LockSupport.parkNanos(elapsed < delayNanos ? Math.min(delayNanos - elapsed, 2_000_000) : 200_000);
        }
    }

    Process process() {
        return process;
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** The last {@code lines} lines of the child's output. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    List<String> output() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }
}

/** What a run left in its output folder: temporary entries, run folders and their checkpoints. */
final class OutputFolder {

    private OutputFolder() {
    }

    /** Whether {@code name} is what a writer calls a file or folder before its atomic rename or while deleting it. */
    static boolean isTemporary(String name) {
        return name.startsWith(".tmp-") || name.startsWith(".trash-") || (name.startsWith(".") && name.endsWith(".tmp"));
    }

    /** A short kind for a temporary entry: what was being written. */
    static String kindOf(String relative) {
        String name = Path.of(relative).getFileName().toString();
        if (name.startsWith(".tmp-step-")) {
            return "checkpoint folder";
        }
        if (name.startsWith(".trash-")) {
            return "folder deletion";
        }
        if (name.startsWith(".tmp-")) {
            return "pointer or log (" + name.substring(5, name.indexOf('-', 5) < 0 ? name.length()
                    : name.indexOf('-', 5)) + ")";
        }
        return "model file (" + name.substring(1, name.indexOf('.', 1) < 0 ? name.length() : name.indexOf('.', 1))
                + ")";
    }

    static boolean hasTemporaryEntry(Path root, Set<String> ignore) {
        try (Stream<Path> walk = Files.walk(root, 6)) {
            return walk.anyMatch(p -> isTemporary(p.getFileName().toString())
                    && !ignore.contains(root.relativize(p).toString()));
        } catch (IOException | UncheckedIOException e) {
            return false; // the folder does not exist yet, or an entry vanished while listing
        }
    }

    /** The temporary entries under {@code root}, relative to it (nothing runs there when this is called). */
    static List<String> temporaryEntries(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> isTemporary(p.getFileName().toString()))
                    .filter(p -> p.getParent() == null || !isTemporary(p.getParent().getFileName().toString()))
                    .forEach(p -> found.add(root.relativize(p).toString()));
        }
        return found;
    }

    /** The folders under {@code root} that hold a trainer's run: a {@code checkpoints} folder or a {@code latest} file. */
    static List<Path> runFolders(Path root) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.isDirectory(root)) {
                return List.of();
            }
            try (Stream<Path> walk = Files.walk(root)) {
                return walk.filter(Files::isDirectory)
                        .filter(p -> !isTemporary(p.getFileName().toString()))
                        .filter(p -> Files.isDirectory(p.resolve(Checkpoints.CHECKPOINTS))
                                || Files.exists(p.resolve(Checkpoints.LATEST)))
                        .sorted().toList();
            } catch (UncheckedIOException e) {
                // a running command removed an entry while it was listed: list again
                if (attempt == 5) {
                    throw e.getCause();
                }
            }
        }
    }

    static boolean anyLatest(Path root) throws IOException {
        for (Path run : runFolders(root)) {
            if (Files.exists(run.resolve(Checkpoints.LATEST))) {
                return true;
            }
        }
        return false;
    }

    record Verified(int read, List<String> problems) {
    }

    /**
     * Reads every checkpoint under {@code root} as {@code --resume} would: the one {@code latest} names, the
     * one {@code best} names, and every {@code checkpoints/step-N} folder.
     */
    static Verified verifyCheckpoints(Path root) throws IOException {
        int read = 0;
        List<String> problems = new ArrayList<>();
        for (Path run : runFolders(root)) {
            Set<Path> folders = new TreeSet<>();
            try {
                if (Files.exists(run.resolve(Checkpoints.LATEST))) {
                    folders.add(Checkpoints.latest(run));
                }
                Checkpoints.best(run).ifPresent(folders::add);
            } catch (CheckpointException e) {
                problems.add("a pointer is broken: " + e.getMessage());
            }
            Path checkpoints = run.resolve(Checkpoints.CHECKPOINTS);
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> list = Files.list(checkpoints)) {
                    list.filter(p -> p.getFileName().toString().matches("step-[0-9]+")).forEach(folders::add);
                }
            }
            for (Path folder : folders) {
                try {
                    Checkpoints.read(folder);
                    read++;
                } catch (CheckpointException | RuntimeException e) {
                    problems.add("checkpoint " + root.relativize(folder) + " is unreadable: " + e.getMessage());
                }
            }
        }
        return new Verified(read, problems);
    }
}

/** Two model folders compared file for file. */
final class FolderComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FolderComparison() {
    }

    /** Every regular file under {@code root} by its path relative to it. */
    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /**
     * The differences between two folders: files only in one of them, and files whose bytes differ,
     * except JSON and JSON Lines files that are equal once the wall-clock keys are removed. Empty when the
     * folders are equal.
     */
    static List<String> compare(Path expected, Path actual) throws IOException {
        Map<String, byte[]> a = files(expected);
        Map<String, byte[]> b = files(actual);
        List<String> differences = new ArrayList<>();
        for (String name : new TreeSet<>(a.keySet())) {
            if (!b.containsKey(name)) {
                differences.add("missing " + name);
            }
        }
        for (String name : b.keySet()) {
            if (!a.containsKey(name)) {
                differences.add("extra " + name);
            }
        }
        for (String name : a.keySet()) {
            if (b.containsKey(name) && !Arrays.equals(a.get(name), b.get(name))) {
                if (!(name.endsWith(".json") || name.endsWith(".jsonl"))
                        || !withoutWallClock(a.get(name)).equals(withoutWallClock(b.get(name)))) {
                    differences.add(name + " differs");
                }
            }
        }
        return differences;
    }

    /** The JSON documents of a file (one, or one per line), with the wall-clock keys removed. */
    static List<JsonNode> withoutWallClock(byte[] bytes) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n(?=\\s*\\{)")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            strip(node);
            documents.add(node);
        }
        return documents;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                if (CrashSafety.WALL_CLOCK_KEYS.contains(it.next())) {
                    it.remove();
                }
            }
        }
        node.forEach(FolderComparison::strip);
    }

    /** The names of the files that differ in bytes but not after removing the wall-clock keys. */
    static List<String> wallClockOnly(Path expected, Path actual) throws IOException {
        Map<String, byte[]> a = files(expected);
        Map<String, byte[]> b = files(actual);
        List<String> names = new ArrayList<>();
        for (String name : a.keySet()) {
            if (b.containsKey(name) && !Arrays.equals(a.get(name), b.get(name))) {
                names.add(name);
            }
        }
        return names;
    }
}

/** Recursive deletion and permissions. */
final class Tree {

    private Tree() {
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted((x, y) -> y.getNameCount() - x.getNameCount())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes {@code root} and everything below readable (and folders enterable) by every user. */
    static void makeReadableByAll(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.addAll(List.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                        PosixFilePermission.OTHERS_READ));
                if (Files.isDirectory(p)) {
                    perms.addAll(List.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE));
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }
}

/**
 * A full disk (a small tmpfs, filled once the run has its first checkpoint) and a read-only output
 * folder (the run as an unprivileged user, its folder made read-only once it has its first
 * checkpoint; root would ignore the permission bits): the command must fail with a message naming
 * the folder, leave its checkpoints readable, and finish like the reference once resumed.
 */
final class Faults {

    /** The unprivileged user and group the read-only runs use (nobody on Debian). */
    private static final String NOBODY = "65534";

    private final CrashSafety run;
    private final Workloads workloads;
    private final Map<String, CrashSafety.Reference> references;

    Faults(CrashSafety run, Workloads workloads, Map<String, CrashSafety.Reference> references) {
        this.run = run;
        this.workloads = workloads;
        this.references = references;
    }

    void runAll(List<String> commands) throws Exception {
        Path disk = run.work().resolve("small-disk");
        Files.createDirectories(disk);
        String mountProblem = system(List.of("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString()));
        if (mountProblem != null) {
            System.out.println("full disk: skipped, a tmpfs cannot be mounted here (needs root): " + mountProblem);
            run.summariseFault("full disk: skipped, a tmpfs cannot be mounted here (needs root): " + mountProblem);
        }
        String setprivProblem = system(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "--", "true"));
        if (setprivProblem != null) {
            System.out.println("read-only folder: skipped, cannot run as user " + NOBODY + ": " + setprivProblem);
            run.summariseFault("read-only folder: skipped, cannot run as user " + NOBODY + ": " + setprivProblem);
        }
        try {
            for (String command : commands) {
                if (mountProblem == null) {
                    fault(command, "full disk", disk.resolve(command), List.of(), () -> fill(disk.resolve("filler")),
                            () -> Files.delete(disk.resolve("filler")));
                }
                if (setprivProblem == null) {
                    Path out = run.work().resolve("read-only").resolve(command);
                    Files.createDirectories(out);
                    Tree.makeReadableByAll(run.work());
                    system(List.of("chown", "-R", NOBODY + ":" + NOBODY, out.toString()));
                    fault(command, "read-only folder", out, List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                                    "--clear-groups", "--"), () -> CrashSafety.setWritable(out, false),
                            () -> CrashSafety.setWritable(out, true));
                }
            }
        } finally {
            if (mountProblem == null) {
                system(List.of("umount", disk.toString()));
            }
        }
    }

    interface Action {
        void run() throws IOException;
    }

    /**
     * Starts {@code command} into {@code out}, applies {@code fault} at its first checkpoint, expects a failure
     * naming {@code out} with readable checkpoints, then {@code repair}s and resumes to the reference's folder.
     */
    private void fault(String command, String name, Path out, List<String> wrapper, Action fault, Action repair)
            throws Exception {
        CrashSafety.Reference reference = references.get(command);
        long limit = TimeUnit.SECONDS.toNanos(60) + (long) (20 * reference.seconds() * 1e9);
        Path logs = run.work().resolve(command);
        String tag = name.replace(' ', '-');
        ChildRun child = ChildRun.start(wrapper, workloads.args(command, out), logs.resolve(tag + ".log"));
        while (child.process().isAlive() && !OutputFolder.anyLatest(out)) {
            LockSupport.parkNanos(200_000);
        }
        if (!child.process().isAlive()) {
            run.summariseFault("| " + name + " | `" + command + " train` | inconclusive: the run ended before its first "
                    + "checkpoint | | |");
            return;
        }
        fault.run();
        int status = child.waitFor(limit);
        List<String> output = child.output();
        String error = output.stream().filter(l -> l.startsWith("rnn4j ")).reduce((x, y) -> y).orElse(null);
        List<String> problems = new ArrayList<>();
        if (status == 0 || error == null) {
            problems.add("expected a failure with an error line, got status " + status + ": " + child.tail(5));
        } else if (!error.contains(out.toString())) {
            problems.add("the error does not name the folder " + out + ": " + error);
        }
        OutputFolder.Verified verified = OutputFolder.verifyCheckpoints(out);
        problems.addAll(verified.problems());
        if (!OutputFolder.anyLatest(out)) {
            problems.add("no checkpoint is left to resume from");
        }
        repair.run();
        List<String> args = workloads.args(command, out);
        args.add("--resume");
        ChildRun resumed = ChildRun.start(wrapper, args, logs.resolve(tag + "-resumed.log"));
        int resumedStatus = resumed.waitFor(limit);
        List<String> differences = resumedStatus == 0 ? FolderComparison.compare(reference.out(), out) : List.of();
        if (resumedStatus != 0) {
            problems.add("the resumed run ended with status " + resumedStatus + ": " + resumed.tail(5));
        } else if (!differences.isEmpty()) {
            problems.add("the resumed run saved a different folder: " + differences);
        }
        String shown = error == null ? "(none)" : error.replace(run.work().toString(), "WORK");
        System.out.printf(Locale.ROOT, "%s, %s: status %d, \"%s\"; %d checkpoints read; resumed: %s%n", command, name,
                status, shown, verified.read(), resumedStatus != 0 ? "status " + resumedStatus
                        : differences.isEmpty() ? "the same folder as the reference" : "DIFFERS " + differences);
        for (String p : problems) {
            run.fail(command + ", " + name + ": " + p);
        }
        run.summariseFault(String.format(Locale.ROOT, "| %s | `%s train` | `%s` | %d readable | %s |", name, command,
                shown, verified.read(), problems.isEmpty() ? "passed: resumed to the reference's folder"
                        : "FAILED: " + String.join("; ", problems)));
    }

    /** Writes zeros to {@code file} until the file system refuses. */
    private static void fill(Path file) throws IOException {
        java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 20);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            while (true) {
                zeros.clear();
                channel.write(zeros);
            }
        } catch (IOException full) {
            // the disk is full
        }
    }

    /** Runs a system command; null when it succeeds, else its output. */
    private static String system(List<String> command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "`" + String.join(" ", command) + "`: " + e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : "`" + String.join(" ", command) + "`: " + output;
    }
}
