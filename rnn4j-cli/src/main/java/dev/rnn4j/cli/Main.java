package dev.rnn4j.cli;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.nn.KernelWarmup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rnn4j} command line: one subcommand per job.
 *
 * <p>Errors from bad input (a malformed file, an unknown column, a wrong shape) are printed as one
 * clear line without a stack trace and exit with status 2; {@code --stacktrace} shows the trace.
 */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recurrent neural networks (RNN, LSTM, GRU) on the JVM, numerically matching PyTorch.",
        subcommands = {DemoCommand.class, BenchCommand.class, GoldenCommand.class,
                ForecastCommand.class, ClassifyCommand.class, TranslateCommand.class, LmCommand.class,
                SpeechCommand.class, QaCommand.class, ExplainCommand.class, ServeCommand.class, LoadTestCommand.class,
                QuantizeCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (tests call this). */
    public static int run(String... args) {
        Logging.configure();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean trace = parsed.originalArgs().contains("--stacktrace");
            if (trace) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("rnn4j " + cmd.getCommandName() + ": " + describe(e));
            }
            return e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof java.io.UncheckedIOException ? 2 : 1;
        });
        return cli.execute(args);
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Applies a command's {@code --threads} (when given), loads the kernels, so that their log line
     * comes before the command's output, and starts the kernel warm-up ({@link KernelWarmup#start()}).
     *
     * @throws IllegalArgumentException if {@code threads} is outside [1, {@value KernelThreads#MAX}]
     */
    static void useThreads(Integer threads) {
        if (threads != null) {
            if (threads < 1 || threads > KernelThreads.MAX) {
                throw new IllegalArgumentException("--threads: expected a count in [1, " + KernelThreads.MAX
                        + "], got " + threads);
            }
            KernelThreads.set(threads);
        }
        KernelProvider.get();
        KernelWarmup.start();
    }

    /** Version from the jar manifest (or "dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rnn4j " + version()};
        }
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
