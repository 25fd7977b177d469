package dev.rnn4j.series;

import static dev.rnn4j.series.SeriesTestFiles.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastEvaluationTest {

    @Test
    void airlineSeasonalNaiveHoldOutMatchesAHandWrittenLoop() throws IOException {
        double[] y = SeriesTestFiles.airline();
        ForecastEvaluation.Result r = ForecastEvaluation.holdOut(y, 12, new SeasonalNaiveForecaster(12), 12);
        // independent computation: forecast for 1960 is 1959 repeated
        double squares = 0;
        double absolute = 0;
        for (int t = 132; t < 144; t++) {
            double e = y[t] - y[t - 12];
            squares += e * e;
            absolute += Math.abs(e);
        }
        double scale = 0;
        for (int t = 12; t < 132; t++) {
            scale += Math.abs(y[t] - y[t - 12]);
        }
        scale /= 120;
        assertEquals(Math.sqrt(squares / 12), r.aggregate().rmse(), 1e-12);
        assertEquals(absolute / 12, r.aggregate().mae(), 1e-12);
        assertEquals(absolute / 12 / scale, r.aggregate().mase(), 1e-12);
        // the same values computed independently by tools/make_forecast_reference.py (csv module, plain loops)
        assertEquals(50.708316214732804, r.aggregate().rmse(), 1e-9);
        assertEquals(47.833333333333336, r.aggregate().mae(), 1e-9);
        assertEquals(9.987532920823483, r.aggregate().mape(), 1e-9);
        assertEquals(10.571808257497901, r.aggregate().smape(), 1e-9);
        assertEquals(1.57088122605364, r.aggregate().mase(), 1e-9);
        assertEquals(30.45, r.maseScale(), 1e-9);
        assertEquals(1, r.origins().size());
        assertEquals(132, r.origins().get(0).origin());
        assertEquals(12, r.aggregate().count());
        assertEquals("seasonal-naive(12)", r.forecaster());
    }

    @Test
    void everyBaselineOnAirlineAndCarSalesMatchesPython() throws IOException {
        double[] air = SeriesTestFiles.airline();
        double[] cars = new SeriesCsvReader().timeColumn("Month").valueColumns("Sales")
                .read(resource("monthly-car-sales.csv")).values("Sales");
        // rmse, mae, mase from tools/make_forecast_reference.py over the last 12 months (moving average window 3)
        double[][] airExpected = {{102.97653454387881, 76.0, 2.495894909688013},
            {50.708316214732804, 47.833333333333336, 1.57088122605364},
            {92.66636342994126, 66.30788804071248, 2.1775989504339077},
            {112.8546262528332, 85.11111111111114, 2.795110381317279}};
        double[][] carExpected = {{5865.373830086763, 4599.0, 2.980649342633171},
            {2290.827252326111, 1959.5, 1.2699679032158508},
            {5513.469177085029, 4129.366666666668, 2.676276155792853},
            {4532.632439690354, 3600.0, 2.3331893093018947}};
        List<ForecastEvaluation.Result> a = ForecastEvaluation.holdOutAll(air, 12, Baselines.standard(12, 3), 12);
        List<ForecastEvaluation.Result> c = ForecastEvaluation.holdOutAll(cars, 12, Baselines.standard(12, 3), 12);
        for (int i = 0; i < 4; i++) {
            ForecastEvaluation.Scores s = a.get(i).aggregate();
            assertArrayEquals(airExpected[i], new double[] {s.rmse(), s.mae(), s.mase()}, 1e-9, a.get(i).forecaster());
            ForecastEvaluation.Scores t = c.get(i).aggregate();
            assertArrayEquals(carExpected[i], new double[] {t.rmse(), t.mae(), t.mase()}, 1e-7, c.get(i).forecaster());
        }
    }

    @Test
    void walkForwardOneStepNaiveOverTheLastYearOfTemperatures() throws IOException {
        double[] y = new SeriesCsvReader().timeColumn("Date").valueColumns("Temp")
                .read(resource("daily-min-temperatures.csv")).values("Temp");
        ForecastEvaluation.Result r = ForecastEvaluation.walkForward(y, y.length - 365, 1, 1, new NaiveForecaster(), 1);
        assertEquals(365, r.origins().size());
        assertEquals(365, r.aggregate().count());
        // from tools/make_forecast_reference.py
        assertEquals(2.5824009217292243, r.aggregate().rmse(), 1e-9);
        assertEquals(2.0249315068493146, r.aggregate().mae(), 1e-9);
        assertEquals(0.9439409306854923, r.aggregate().mase(), 1e-9);
        assertEquals(y[y.length - 2], r.origins().get(364).forecast()[0]);
    }

    @Test
    void walkForwardOriginsStepAndForecastersSeeOnlyThePast() {
        double[] y = new double[20];
        for (int i = 0; i < y.length; i++) {
            y[i] = i * i;
        }
        List<Integer> seen = new ArrayList<>();
        Forecaster spy = new Forecaster() {
            @Override
            public double[] forecast(double[] history, int horizon) {
                seen.add(history.length);
                return new NaiveForecaster().forecast(history, horizon);
            }

            @Override
            public String name() {
                return "spy";
            }
        };
        ForecastEvaluation.Result r = ForecastEvaluation.walkForward(y, 10, 3, 2, spy, 1);
        assertEquals(List.of(10, 12, 14, 16), seen);
        assertEquals(List.of(10, 12, 14, 16), r.origins().stream().map(ForecastEvaluation.OriginResult::origin).toList());
        assertArrayEquals(new double[] {100, 121, 144}, r.origins().get(0).actual());
        assertArrayEquals(new double[] {81, 81, 81}, r.origins().get(0).forecast());
        // per-origin scores and pooled aggregate
        double scale = 9; // naive scale of 0, 1, 4, ..., 81: mean of 1, 3, ..., 17 = 9
        assertEquals(scale, r.maseScale(), 1e-12);
        double mae0 = (19 + 40 + 63) / 3.0;
        assertEquals(mae0, r.origins().get(0).scores().mae(), 1e-12);
        assertEquals(mae0 / scale, r.origins().get(0).scores().mase(), 1e-12);
        assertEquals(12, r.aggregate().count());
        assertEquals(12, r.forecasts().length);
    }

    @Test
    void originForecasterWithCovariatesIsEvaluatedTheSameWay() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8};
        ForecastEvaluation.Result r = ForecastEvaluation.walkForward(y, 4, 2, 1,
                (origin, h) -> new double[] {origin + 1, origin + 2}, "perfect", 1);
        assertEquals(0, r.aggregate().rmse());
        assertEquals(3, r.origins().size());
    }

    @Test
    void mapeIsNaNWhenAnActualIsZero() {
        double[] y = {3, 1, 2, 0, 1};
        ForecastEvaluation.Result r = ForecastEvaluation.holdOut(y, 2, new NaiveForecaster(), 1);
        assertTrue(Double.isNaN(r.aggregate().mape()));
        assertEquals(Math.sqrt((4 + 1) / 2.0), r.aggregate().rmse(), 1e-12);
    }

    @Test
    void badArgumentsAndMisbehavingForecastersAreReported() {
        double[] y = {1, 2, 3, 4, 5, 6};
        assertThrows(IllegalArgumentException.class, () -> ForecastEvaluation.holdOut(y, 6, new NaiveForecaster(), 1));
        assertThrows(IllegalArgumentException.class, () -> ForecastEvaluation.holdOut(y, 0, new NaiveForecaster(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ForecastEvaluation.walkForward(y, 5, 2, 1, new NaiveForecaster(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ForecastEvaluation.walkForward(y, 2, 1, 0, new NaiveForecaster(), 1));
        // MASE with m = 12 needs more than 12 training rows
        assertThrows(IllegalArgumentException.class,
                () -> ForecastEvaluation.holdOut(y, 2, new NaiveForecaster(), 12));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ForecastEvaluation.walkForward(y, 3, 2, 1, (o, h) -> new double[1], "short", 1));
        assertTrue(e.getMessage().contains("short") && e.getMessage().contains("expected 2 forecasts"));
        assertThrows(IllegalStateException.class, () -> ForecastEvaluation.walkForward(y, 3, 1, 1,
                (o, h) -> new double[] {Double.NaN}, "nan", 1));
    }
}
