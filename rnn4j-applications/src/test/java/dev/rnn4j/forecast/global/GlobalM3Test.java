package dev.rnn4j.forecast.global;

import dev.rnn4j.forecast.ForecastModel;
import dev.rnn4j.forecast.panel.M3Data;
import dev.rnn4j.forecast.panel.M3Evaluation;
import dev.rnn4j.forecast.panel.M3Series;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The global forecaster on the M3 sample of the test resources. */
class GlobalM3Test {

    private static List<M3Series> monthly() throws Exception {
        Path folder = Path.of(GlobalM3Test.class.getResource("/m3-sample/m3-info.csv").toURI()).getParent();
        return M3Data.load(folder, List.of("monthly"));
    }

    private static GlobalForecastOptions tiny(M3Series example) {
        return GlobalM3.defaults(example).withNetwork(dev.rnn4j.recurrent.CellType.LSTM, 8, 1, 0)
                .withTraining(4, 8, 3, 3, 1e-3, 60, 7);
    }

    @Test
    void scoresEverySeriesOnItsOfficialHorizon() throws Exception {
        List<M3Series> series = monthly();
        List<M3Evaluation.SeriesScore> scores = GlobalM3.score(series, tiny(series.get(0)),
                ForecastModel.TrainingRun.silent());
        assertEquals(4, scores.size());
        for (M3Evaluation.SeriesScore s : scores) {
            assertEquals(18, s.forecast().length);
            assertTrue(Double.isFinite(s.smape()) && Double.isFinite(s.mase()), s.toString());
        }
        List<M3Evaluation.Row> table = M3Evaluation.table(scores);
        assertEquals("monthly", table.get(0).frequency());
        assertEquals(72, table.get(0).points());
    }

    @Test
    void theTestPartsAreNeverReadForTraining() throws Exception {
        List<M3Series> series = monthly();
        // the same training parts with other test values: the forecasts must not move
        List<M3Series> otherTests = series.stream().map(s -> new M3Series(s.id(), s.frequency(), s.category(),
                s.train(), java.util.Arrays.stream(s.test()).map(v -> 10 * v + 1).toArray(), s.period())).toList();
        List<M3Evaluation.SeriesScore> a = GlobalM3.score(series, tiny(series.get(0)),
                ForecastModel.TrainingRun.silent());
        List<M3Evaluation.SeriesScore> b = GlobalM3.score(otherTests, tiny(series.get(0)),
                ForecastModel.TrainingRun.silent());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).forecast(), b.get(i).forecast(), 0);
        }
    }

    @Test
    void seriesOfAnotherFrequencyAreRefused() throws Exception {
        Path folder = Path.of(GlobalM3Test.class.getResource("/m3-sample/m3-info.csv").toURI()).getParent();
        List<M3Series> mixed = M3Data.load(folder, List.of("yearly", "monthly"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlobalM3.score(mixed,
                tiny(mixed.get(0)), ForecastModel.TrainingRun.silent()));
        assertTrue(e.getMessage().contains("score one frequency at a time"), e.getMessage());
    }
}
