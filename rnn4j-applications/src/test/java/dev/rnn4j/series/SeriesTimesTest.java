package dev.rnn4j.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesTimesTest {

    private static LocalDateTime parse(String s) {
        return SeriesTimes.parse(s).orElseThrow(() -> new AssertionError("should parse: " + s));
    }

    @Test
    void acceptsTheDocumentedForms() {
        assertEquals(LocalDateTime.of(1949, 1, 1, 0, 0), parse("1949-01"));
        assertEquals(LocalDateTime.of(1949, 1, 1, 0, 0), parse("1949/01"));
        assertEquals(LocalDateTime.of(1981, 1, 2, 0, 0), parse("1981-01-02"));
        assertEquals(LocalDateTime.of(1981, 1, 2, 0, 0), parse(" 1981/01/02 "));
        assertEquals(LocalDateTime.of(2010, 1, 1, 23, 0), parse("2010-01-01 23:00:00"));
        assertEquals(LocalDateTime.of(2010, 1, 1, 23, 5), parse("2010-01-01 23:05"));
        assertEquals(LocalDateTime.of(2010, 1, 1, 23, 5, 7), parse("2010-01-01T23:05:07"));
        assertEquals(LocalDateTime.of(2010, 1, 1, 23, 5, 7, 250_000_000), parse("2010-01-01 23:05:07.250"));
        assertEquals(LocalDateTime.of(1990, 1, 1, 0, 0), parse("1990"));
    }

    @Test
    void rejectsLabelsAndImpossibleDates() {
        for (String s : new String[] {"1-01", "3-12", "", "abc", "2000-13", "2000-02-30", "2001-02-29", "20000",
            "2000-01-01 25:00", "01/02/2000", null}) {
            assertEquals(Optional.empty(), SeriesTimes.parse(s), String.valueOf(s));
        }
        assertTrue(SeriesTimes.parse("2000-02-29").isPresent());
    }

    @Test
    void infersMonthlyHourlyAndDailySteps() {
        LocalDateTime jan = LocalDateTime.of(2000, 1, 31, 0, 0);
        SeriesTimes.TimeStep quarterly = SeriesTimes.inferStep(new LocalDateTime[] {
            LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.of(2000, 4, 1, 0, 0), LocalDateTime.of(2000, 7, 1, 0, 0)});
        assertEquals(3, quarterly.months());
        SeriesTimes.TimeStep daily = SeriesTimes.inferStep(new LocalDateTime[] {jan, jan.plusDays(1), jan.plusDays(3),
            jan.plusDays(4)});
        assertEquals(Duration.ofDays(1), daily.duration());
        assertEquals(jan.plusDays(6), daily.following(jan.plusDays(4), 2)[1]);
        assertThrows(IllegalArgumentException.class, () -> SeriesTimes.inferStep(new LocalDateTime[] {jan}));
    }
}
