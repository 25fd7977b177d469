package dev.rnn4j.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionHeatmapTest {
    @TempDir
    Path dir;

    private static final List<String> SOURCE = List.of("Ein", " Mann", " mit", " einem", " Hut", ".", "<eos>");
    private static final List<String> TARGET = List.of("A", " man", " with", " a", " hat", ".", "<eos>", " a");

    private static float[][] diagonal(int targets, int sources) {
        float[][] weights = new float[targets][sources];
        for (int t = 0; t < targets; t++) {
            weights[t][Math.min(t, sources - 1)] = 1f;
        }
        return weights;
    }

    @Test
    void writesAPngSizedByTheTokensWithTheWeightsDrawn() throws IOException {
        Path png = dir.resolve("attention/sentence.png");
        List<String> longSource = new java.util.ArrayList<>(SOURCE);
        for (int i = 0; i < 20; i++) {
            longSource.add(" w" + i);
        }
        AttentionHeatmap.write(png, "Ein Mann mit einem Hut.", longSource, TARGET, diagonal(TARGET.size(), longSource.size()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(27 * AttentionHeatmap.CELL + 220, image.getWidth());
        assertEquals(8 * AttentionHeatmap.CELL + 220, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int blue = rgb & 0xFF;
                int red = rgb >> 16 & 0xFF;
                if (blue - red > 60) {
                    dark++;
                }
            }
        }
        assertTrue(colours.size() > 20, "only " + colours.size() + " colours");
        // eight cells of weight 1 (plus the colour legend) are drawn in blue
        assertTrue(dark > 8 * 100, "only " + dark + " blue pixels");
    }

    @Test
    void aShortSentenceGetsTheMinimumSize() throws IOException {
        Path png = dir.resolve("short.png");
        AttentionHeatmap.write(png, "kurz", List.of("Ja", "<eos>"), List.of("Yes", "<eos>"), diagonal(2, 2));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(AttentionHeatmap.MIN_SIZE, image.getWidth());
        assertEquals(AttentionHeatmap.MIN_SIZE, image.getHeight());
    }

    @Test
    void repeatedTokensKeepTheirOwnRowAndEmptyTokensGetAVisibleLabel() {
        assertEquals(List.of("a", "a ", "·", "a  ", "· "), AttentionHeatmap.labels(List.of(" a", "a", " ", "a", "")));
    }

    @Test
    void badShapesAndValuesAreRejectedNamingTheEntry() {
        assertEquals("weights: expected (T, S) = (8, 7), got 3 rows", assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.build("t", SOURCE, TARGET, new float[3][7])).getMessage());
        float[][] ragged = diagonal(8, 7);
        ragged[2] = new float[6];
        assertEquals("weights[2]: expected 7 values (one per source token), got 6", assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.build("t", SOURCE, TARGET, ragged)).getMessage());
        float[][] nan = diagonal(8, 7);
        nan[1][4] = Float.NaN;
        assertEquals("weights[1][4]: expected a value in [0, 1], got NaN", assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.build("t", SOURCE, TARGET, nan)).getMessage());
        assertEquals("sourceTokens: expected at least one token, got none", assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.build("t", List.of(), TARGET, new float[8][0])).getMessage());
        assertEquals("png: expected a file, got null", assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.write(null, "t", SOURCE, TARGET, diagonal(8, 7))).getMessage());
    }
}
