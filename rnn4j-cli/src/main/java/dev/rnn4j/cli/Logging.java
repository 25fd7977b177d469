package dev.rnn4j.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log messages on stderr ({@code rnn4j kernels: vector (256-bit)}), no timestamps. */
final class Logging {

    private static boolean configured;

    private Logging() {
    }

    static synchronized void configure() {
        if (configured) {
            return;
        }
        configured = true;
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return formatMessage(r) + System.lineSeparator();
            }
        });
        handler.setLevel(Level.INFO);
        root.addHandler(handler);
    }
}
