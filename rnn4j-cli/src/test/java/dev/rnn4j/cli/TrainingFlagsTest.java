package dev.rnn4j.cli;

import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.train.TrainingOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingFlagsTest {

    @Command(name = "train-something")
    static final class Cmd implements Runnable {
        @Mixin
        TrainingFlags training = new TrainingFlags(5, 64, 2e-3);

        @Override
        public void run() {
        }
    }

    @Command(name = "train-default")
    static final class DefaultCmd implements Runnable {
        @Mixin
        TrainingFlags training;

        @Override
        public void run() {
        }
    }

    private final String threadsBefore = System.getProperty(KernelThreads.PROPERTY);

    @AfterEach
    void restoreThreads() {
        if (threadsBefore == null) {
            System.clearProperty(KernelThreads.PROPERTY);
        } else {
            System.setProperty(KernelThreads.PROPERTY, threadsBefore);
        }
    }

    @Test
    void parsesEverySharedFlag() {
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs("--seed", "7", "--epochs", "3", "--batch-size", "16", "--lr", "0.05",
                "--threads", "1", "--out", "runs/x", "--resume", "--quiet");
        TrainingFlags o = cmd.training;
        assertEquals(7, o.seed());
        assertEquals(3, o.epochs());
        assertEquals(16, o.batchSize());
        assertEquals(0.05, o.lr());
        assertEquals(1, o.threads());
        assertEquals("1", System.getProperty(KernelThreads.PROPERTY));
        assertEquals(Path.of("runs/x"), o.out());
        assertTrue(o.resume());
        assertTrue(o.quiet());
    }

    @Test
    void aCommandKeepsItsOwnDefaultsAndShowsThem() {
        Cmd cmd = new Cmd();
        CommandLine cli = new CommandLine(cmd);
        cli.parseArgs();
        assertEquals(5, cmd.training.epochs());
        assertEquals(64, cmd.training.batchSize());
        assertEquals(2e-3, cmd.training.lr());
        assertEquals(42, cmd.training.seed());
        assertNull(cmd.training.threads());
        assertNull(cmd.training.out());
        assertFalse(cmd.training.resume());
        String help = cli.getUsageMessage();
        assertTrue(help.contains("--epochs=N") && help.contains("(default: 5)"), help);
        assertTrue(help.contains("(default: 64)") && help.contains("--out=DIR"), help);

        DefaultCmd plain = new DefaultCmd();
        new CommandLine(plain).parseArgs("--epochs", "2");
        assertEquals(2, plain.training.epochs());
        assertEquals(32, plain.training.batchSize());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheFlag() {
        for (String[] args : new String[][] {{"--epochs", "0"}, {"--batch-size", "-1"}, {"--lr", "NaN"},
                {"--lr", "0"}, {"--threads", "0"}}) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new Cmd());
            cli.setErr(new PrintWriter(err));
            int status = cli.execute(args);
            assertEquals(2, status, String.join(" ", args));
            assertTrue(err.toString().contains(args[0]), err.toString());
        }
        assertThrows(CommandLine.ParameterException.class,
                () -> new CommandLine(new Cmd()).parseArgs("--epochs", "many"));
    }

    @Test
    void flagsBecomeTheLibrarysOptions() {
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs("--epochs", "1", "--seed", "3", "--out", "runs/x", "--resume", "--quiet");
        TrainingOptions o = cmd.training.options();
        assertEquals(new TrainingOptions(3, 1, 64, 2e-3, Path.of("runs/x"), true, true), o);
        Cmd noOut = new Cmd();
        new CommandLine(noOut).parseArgs("--resume");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noOut.training::options);
        assertTrue(e.getMessage().contains("resume"), e.getMessage());
    }
}
