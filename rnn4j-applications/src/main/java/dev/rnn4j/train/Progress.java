package dev.rnn4j.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;

/**
 * What the user sees while training: a progress bar per epoch on stderr (me.tongfei:progressbar:
 * batches done, ETA, and the running loss and seq/s as its message) when stderr is a terminal,
 * and in every case one summary line per epoch on the output stream, such as
 * {@code epoch 3: loss 0.41, val_accuracy 0.83 (2,310 seq/s)}.
 */
final class Progress implements AutoCloseable {

    private final boolean bar;
    private final PrintStream out;
    private ProgressBar current;

    Progress(boolean bar, PrintStream out) {
        this.bar = bar;
        this.out = out;
    }

    /**
     * Whether the process talks to a terminal. {@code System.console()} is null when input or
     * output is redirected on Java 17-21; from Java 22 it may be non-null anyway, and
     * {@code Console.isTerminal()} (looked up reflectively, absent before 22) gives the answer.
     */
    static boolean isTerminal() {
        Object console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    void startEpoch(int epoch, int epochs, int total, int done) {
        if (!bar) {
            return;
        }
        current = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(total)
                .startsFrom(done, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" batches", 1)
                .build();
    }

    void step(int done, double runningLoss, double seqPerSecond) {
        if (current != null) {
            current.stepTo(done);
            current.setExtraMessage("loss " + number(runningLoss) + ", " + rate(seqPerSecond) + " seq/s");
        }
    }

    /** Closes the epoch's bar and prints the summary line. */
    void endEpoch(String line) {
        closeBar();
        out.println(line);
        out.flush();
    }

    /** A line outside the epoch rhythm (a warning). */
    void warn(String line) {
        if (current != null) {
            current.pause();
        }
        System.err.println(line);
        System.err.flush();
        if (current != null) {
            current.resume();
        }
    }

    private void closeBar() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }

    /** 4 significant digits without trailing zeros: 0.41, 1.234, 12.35, 2,310. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a != 0 && a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** A throughput with thousands separators: 2,310. */
    static String rate(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
