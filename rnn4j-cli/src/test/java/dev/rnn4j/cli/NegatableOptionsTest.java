package dev.rnn4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every on/off option whose negated form exists ({@code --x} / {@code --no-x}): the plain form turns it on, the
 * negated form off, and leaving both out keeps the command's default (null where the default is chosen later).
 */
class NegatableOptionsTest {

    @Test
    void forecastTrainTransforms() {
        String[] required = {"--target", "y", "--horizon", "1"};
        ForecastCommand.Train absent = parse(new ForecastCommand.Train(), required);
        assertNull(absent.log);
        assertNull(absent.diff);
        assertNull(absent.anchor);
        ForecastCommand.Train on = parse(new ForecastCommand.Train(), required, "--log", "--diff", "--anchor");
        assertEquals(Boolean.TRUE, on.log);
        assertEquals(Boolean.TRUE, on.diff);
        assertEquals(Boolean.TRUE, on.anchor);
        ForecastCommand.Train off = parse(new ForecastCommand.Train(), required, "--no-log", "--no-diff",
                "--no-anchor");
        assertEquals(Boolean.FALSE, off.log);
        assertEquals(Boolean.FALSE, off.diff);
        assertEquals(Boolean.FALSE, off.anchor);
    }

    @Test
    void classifyTrainBidirectional() {
        String[] required = {"--train", "data.tsv"};
        assertNull(parse(new ClassifyTrainCommand(), required).bidirectional);
        assertEquals(Boolean.TRUE, parse(new ClassifyTrainCommand(), required, "--bidirectional").bidirectional);
        assertEquals(Boolean.FALSE, parse(new ClassifyTrainCommand(), required, "--no-bidirectional").bidirectional);
    }

    @Test
    void forecastM3Switches() {
        String[] required = {"--data", "m3"};
        ForecastM3Command absent = parse(new ForecastM3Command(), required);
        assertEquals(true, absent.refit);
        assertEquals(true, absent.recalibrate);
        assertEquals(true, absent.deseasonalise);
        assertNull(absent.drift);
        ForecastM3Command on = parse(new ForecastM3Command(), required, "--refit", "--recalibrate", "--deseasonalise",
                "--drift");
        assertEquals(true, on.refit);
        assertEquals(true, on.recalibrate);
        assertEquals(true, on.deseasonalise);
        assertEquals(Boolean.TRUE, on.drift);
        ForecastM3Command off = parse(new ForecastM3Command(), required, "--no-refit", "--no-recalibrate",
                "--no-deseasonalise", "--no-drift");
        assertEquals(false, off.refit);
        assertEquals(false, off.recalibrate);
        assertEquals(false, off.deseasonalise);
        assertEquals(Boolean.FALSE, off.drift);
    }

    private static <T> T parse(T command, String[] required, String... flags) {
        String[] args = new String[required.length + flags.length];
        System.arraycopy(required, 0, args, 0, required.length);
        System.arraycopy(flags, 0, args, required.length, flags.length);
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
