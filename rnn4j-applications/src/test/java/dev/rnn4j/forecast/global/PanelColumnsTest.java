package dev.rnn4j.forecast.global;

import dev.rnn4j.series.SeriesFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a panel with covariates and a group column; the group column's bad inputs. */
class PanelColumnsTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("panel.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsGroupsAndCovariatesAndSkipsShortSeries() throws Exception {
        Path f = file("id,t,y,x,kind\na,1,10,0.5,red\nb,1,5,1,blue\na,2,11,0.25,red\na,3,12,0,red\n");
        PanelColumns.Loaded loaded = new PanelColumns("id", "t", "y", List.of("x"), "kind").read(f, 2);
        assertEquals(1, loaded.series().size());
        GlobalSeries a = loaded.series().get(0);
        assertEquals("red", a.group());
        assertArrayEquals(new double[] {10, 11, 12}, a.values());
        assertArrayEquals(new double[] {0.25}, a.covariates()[1]);
        assertEquals(List.of("b"), loaded.skippedIds());
        assertNull(new PanelColumns("id", "t", "y", List.of(), null).read(f, 1).series().get(0).group());
    }

    @Test
    void twoGroupsInOneSeriesNameBothLines() throws Exception {
        Path f = file("id,t,y,kind\na,1,10,red\na,2,11,red\na,3,12,blue\n");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new PanelColumns("id", "t", "y", List.of(), "kind").read(f, 1));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("series 'a' has the group 'blue' here but 'red' on line 2"),
                e.getMessage());
    }

    @Test
    void aMissingGroupColumnOrAColumnUsedTwiceIsAnError() throws Exception {
        Path f = file("id,t,y\na,1,10\n");
        SeriesFormatException e = assertThrows(SeriesFormatException.class,
                () -> new PanelColumns("id", "t", "y", List.of(), "kind").read(f, 1));
        assertTrue(e.getMessage().contains("the group column is missing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PanelColumns("id", "t", "y", List.of("y"), null));
        assertThrows(IllegalArgumentException.class, () -> new PanelColumns("id", null, "y", List.of(), null));
    }
}
