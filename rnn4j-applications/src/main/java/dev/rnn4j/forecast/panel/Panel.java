package dev.rnn4j.forecast.panel;

import java.util.List;

/**
 * The series of a long-format file, in the order of their first row.
 *
 * @param series         the series kept (each at least the reader's minimum length)
 * @param covariateNames the covariate columns, in the order of {@link PanelSeries#covariates()}' columns
 * @param skippedIds     ids of the series skipped for being shorter than the minimum length
 * @param timeKind       what the time keys of {@link PanelSeries#times()} are
 */
public record Panel(List<PanelSeries> series, List<String> covariateNames, List<String> skippedIds,
                    PanelCsvReader.TimeKind timeKind) {

    public Panel {
        series = List.copyOf(series);
        covariateNames = List.copyOf(covariateNames);
        skippedIds = List.copyOf(skippedIds);
        timeKind = timeKind == null ? PanelCsvReader.TimeKind.NUMBER : timeKind;
    }

    /** A panel whose times are plain numbers. */
    public Panel(List<PanelSeries> series, List<String> covariateNames, List<String> skippedIds) {
        this(series, covariateNames, skippedIds, PanelCsvReader.TimeKind.NUMBER);
    }

    /** The number of series skipped as too short. */
    public int skippedCount() {
        return skippedIds.size();
    }
}
