package dev.rnn4j.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrogramImageTest {
    @TempDir
    Path folder;

    /** (T = 30, M = 10): zero except the loudest cell (frame 5, band 0) and the quietest (frame 20, band 9). */
    private static float[][] features() {
        float[][] x = new float[30][10];
        x[5][0] = 4f;
        x[20][9] = -4f;
        return x;
    }

    private static int pixel(BufferedImage image, int frame, int band, int bands) {
        return image.getRGB(frame * SpectrogramImage.CELL + 1, (bands - 1 - band) * SpectrogramImage.CELL
                + 1) & 0xFFFFFF;
    }

    @Test
    void writesTheSpectrogramWithLowBandsAtTheBottom() throws IOException {
        Path png = folder.resolve("plots/spectrogram.png");
        SpectrogramImage.write(png, features(), null);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(30 * SpectrogramImage.CELL, image.getWidth());
        assertEquals(10 * SpectrogramImage.CELL, image.getHeight());
        assertEquals(SpectrogramImage.viridis(1), pixel(image, 5, 0, 10), "the maximum is yellow");
        assertEquals(0xFDE725, SpectrogramImage.viridis(1));
        assertEquals(SpectrogramImage.viridis(0), pixel(image, 20, 9, 10), "the minimum is dark purple");
        assertEquals(SpectrogramImage.viridis(0.5), pixel(image, 0, 0, 10), "zero is halfway");
        // band 0 is the bottom row of pixels
        assertEquals(SpectrogramImage.viridis(1), image.getRGB(5 * SpectrogramImage.CELL,
                image.getHeight() - 1) & 0xFFFFFF);
    }

    @Test
    void labelRowUnderTheFramesColoursLabelledFramesAndLeavesBlanksWhite() throws IOException {
        List<String> labels = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            labels.add(t >= 10 && t < 16 ? "7" : "");
        }
        Path png = folder.resolve("aligned.png");
        SpectrogramImage.write(png, features(), labels);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(10 * SpectrogramImage.CELL + SpectrogramImage.LABEL_ROW, image.getHeight());
        int row = 10 * SpectrogramImage.CELL + 2;
        assertEquals(0xFFFFFF, image.getRGB(2, row) & 0xFFFFFF, "a blank frame is white");
        int labelled = image.getRGB(15 * SpectrogramImage.CELL + 2, row) & 0xFFFFFF;
        assertEquals(SpectrogramImage.labelColour("7").getRGB() & 0xFFFFFF, labelled);
        assertNotEquals(0xFFFFFF, labelled);
        // the label's text is drawn in black at the start of its run
        boolean text = false;
        for (int x = 10 * SpectrogramImage.CELL; x < 13 * SpectrogramImage.CELL && !text; x++) {
            for (int y = row; y < image.getHeight() && !text; y++) {
                text = (image.getRGB(x, y) & 0xFFFFFF) != labelled;
            }
        }
        assertTrue(text, "the label is written");
    }

    @Test
    void rejectsBadInputNamingIt() {
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> SpectrogramImage.render(new float[][] {{1, 2}, {1}}, null));
        assertEquals("features: expected 2 bands in every frame, got 1 in frame 1", ragged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpectrogramImage.render(new float[][] {{Float.NaN}}, null));
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> SpectrogramImage.render(features(), List.of("a")));
        assertEquals("frameLabels: expected one label per frame (30), got 1", labels.getMessage());
    }
}
