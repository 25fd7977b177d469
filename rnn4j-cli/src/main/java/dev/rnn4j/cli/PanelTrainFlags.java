package dev.rnn4j.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code rnn4j forecast train --panel}, as a picocli mixin: the panel file, its columns, and the
 * settings only a global forecaster has (window scaling, windows per epoch).
 */
final class PanelTrainFlags {

    @Option(names = "--panel", paramLabel = "FILE", description = "Train one global network on every series of a "
            + "long-format panel (one row per series id and time) instead of --csv. Defaults with --panel: --season "
            + "1, --lookback max(2 x horizon, 2 x season), --log when every value is positive, --test-size 0; "
            + "series shorter than test size + 2 x horizon + 1 are skipped and counted.")
    Path panel;

    @Option(names = "--id-column", paramLabel = "C", description = "With --panel: the series id column.")
    String idColumn;

    @Option(names = "--time-column", paramLabel = "C",
            description = "With --panel: the time column (numbers or ISO dates, increasing within a series).")
    String timeColumn;

    @Option(names = "--covariates", split = ",", paramLabel = "C1,C2",
            description = "With --panel: numeric columns read as inputs at every step of a window.")
    List<String> covariates = List.of();

    @Option(names = "--group-column", paramLabel = "C",
            description = "With --panel: a text column, one value per series, fed to the network as a one-hot input.")
    String groupColumn;

    @Option(names = "--normalise", paramLabel = "mean|last", description = "With --panel: divide each window by "
            + "the mean level (mean |y|) of its inputs or by its last input (default: ${DEFAULT-VALUE}).")
    String normalise = "mean";

    @Option(names = "--quantiles", split = ",", paramLabel = "Q1,Q2", description = "With --panel: the quantile "
            + "levels of a probabilistic forecaster, increasing in (0, 1) and including 0.5 (the point forecast), "
            + "e.g. 0.025,0.1,0.5,0.9,0.975 (whose 80 %% and 95 %% intervals eval scores): H x Q outputs trained with "
            + "the pinball loss. Default: none, a point forecaster trained with the mean absolute error.")
    List<Double> quantiles = List.of();

    @Option(names = "--batches-per-epoch", paramLabel = "N", converter = TrainingFlags.AtLeastOne.class,
            description = "With --panel: batches of windows sampled per epoch (default: ${DEFAULT-VALUE}).")
    int batchesPerEpoch = 100;
}
