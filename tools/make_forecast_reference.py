#!/usr/bin/python3
"""Prints the baseline-forecast scores that ForecastEvaluationTest has as literals.

Usage: /usr/bin/python3 tools/make_forecast_reference.py
Needs only the Python standard library. Run from the repository root; it reads the series in
rnn4j-applications/src/test/resources/series.

This is an independent implementation of the evaluation in dev.rnn4j.series (plain loops over
the CSV values), so the test checks the Java code against a second reading of the definitions:

- forecasters, given the history y[0..o) before origin o and a horizon h:
  naive y[o-1]; seasonal naive y[o-m+(k mod m)] for step k; drift y[o-1] + (k+1) * slope with
  slope (y[o-1] - y[0]) / (o - 1); moving average: the mean of the last `window` values;
- scores over the forecast steps: RMSE, MAE, MAPE = 100 * mean |A - F| / |A|,
  sMAPE = 100 * mean 2 |F - A| / (|A| + |F|), MASE = MAE / scale, where the scale is the mean
  |y[t] - y[t-m]| over the rows before the first origin.

Values are printed with repr (the shortest decimal that reads back to the same double).
"""
import csv
import math
import os

SERIES_DIR = os.path.join("rnn4j-applications", "src", "test", "resources", "series")


def read_column(file_name, column):
    with open(os.path.join(SERIES_DIR, file_name), newline="") as f:
        return [float(row[column]) for row in csv.DictReader(f)]


def naive(history, horizon):
    return [history[-1]] * horizon


def seasonal_naive(period):
    def forecast(history, horizon):
        last_season = history[len(history) - period:]
        return [last_season[k % period] for k in range(horizon)]
    return forecast


def drift(history, horizon):
    last = history[-1]
    slope = (last - history[0]) / (len(history) - 1)
    return [last + (k + 1) * slope for k in range(horizon)]


def moving_average(window):
    def forecast(history, horizon):
        total = 0.0
        for value in history[len(history) - window:]:
            total += value
        return [total / window] * horizon
    return forecast


def mase_scale(training, period):
    total = 0.0
    for t in range(period, len(training)):
        total += abs(training[t] - training[t - period])
    return total / (len(training) - period)


def scores(actual, forecast, scale):
    n = len(actual)
    squares = absolute = percent = symmetric = 0.0
    for a, f in zip(actual, forecast):
        squares += (a - f) * (a - f)
        absolute += abs(a - f)
        percent += abs((a - f) / a) if a != 0 else math.nan
        if abs(a) + abs(f) > 0:
            symmetric += 2 * abs(f - a) / (abs(a) + abs(f))
    mae = absolute / n
    return {"rmse": math.sqrt(squares / n), "mae": mae, "mape": 100 * percent / n,
            "smape": 100 * symmetric / n, "mase": mae / scale, "scale": scale}


def walk_forward(series, first_origin, horizon, step, forecaster, period):
    """Forecasts from origins first_origin, first_origin + step, ... while a full horizon remains;
    scores pool every forecast step of every origin."""
    actual, forecast = [], []
    origin = first_origin
    while origin + horizon <= len(series):
        actual += series[origin:origin + horizon]
        forecast += forecaster(series[:origin], horizon)
        origin += step
    return scores(actual, forecast, mase_scale(series[:first_origin], period))


def hold_out(series, horizon, forecaster, period):
    """One origin: the last `horizon` values are forecast from everything before them."""
    first_origin = len(series) - horizon
    return walk_forward(series, first_origin, horizon, horizon, forecaster, period)


def show(title, result, keys):
    print(title + ": " + ", ".join(f"{key} {result[key]!r}" for key in keys))


def main():
    airline = read_column("airline-passengers.csv", "Passengers")
    cars = read_column("monthly-car-sales.csv", "Sales")
    temperatures = read_column("daily-min-temperatures.csv", "Temp")

    print("airline passengers, seasonal naive (m 12), hold-out of the last 12 months, MASE m 12")
    show("  seasonal-naive(12)", hold_out(airline, 12, seasonal_naive(12), 12), ("rmse", "mae", "mape", "smape", "mase", "scale"))

    # The order of Baselines.standard(12, 3).
    baselines = [("naive", naive), ("seasonal-naive(12)", seasonal_naive(12)), ("drift", drift),
                 ("moving-average(3)", moving_average(3))]
    for title, series in (("airline passengers", airline), ("monthly car sales", cars)):
        print(title + ", hold-out of the last 12 months, MASE m 12 (rmse, mae, mase)")
        for name, forecaster in baselines:
            show("  " + name, hold_out(series, 12, forecaster, 12), ("rmse", "mae", "mase"))

    print("daily minimum temperatures, naive, walk-forward one step over the last 365 days, MASE m 1")
    show("  naive", walk_forward(temperatures, len(temperatures) - 365, 1, 1, naive, 1), ("rmse", "mae", "mase"))


if __name__ == "__main__":
    main()
