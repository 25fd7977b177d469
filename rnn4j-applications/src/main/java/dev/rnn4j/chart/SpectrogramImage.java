package dev.rnn4j.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A spectrogram (log-mel features over time) as a PNG, with an optional row of frame labels under it,
 * such as the frame-wise best label of a CTC acoustic model.
 *
 * <p>Drawn with Java2D: frame t is the column of pixels {@link #CELL}·t to {@link #CELL}·(t + 1) − 1,
 * band m (low frequencies at the bottom) a row of {@link #CELL} pixels. A value v maps to the colour
 * of (v − min) / (max − min) on the viridis scale (dark purple for the minimum of the matrix, yellow
 * for its maximum); a constant matrix is drawn in the middle colour. The label row, {@link #LABEL_ROW}
 * pixels high, gives each frame a colour per distinct label (a blank label, {@code ""}, is white) and
 * writes the label at the start of each run of equal labels. The file is written atomically like every
 * chart of {@link Charts}.
 */
public final class SpectrogramImage {
    /** Pixels per frame and per band. */
    public static final int CELL = 4;
    /** Height of the label row in pixels. */
    public static final int LABEL_ROW = 24;

    /** Viridis at five stops (matplotlib's colour map, sampled at 0, 0.25, 0.5, 0.75, 1). */
    private static final int[][] VIRIDIS = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    static {
        // before any AWT rendering class asks GraphicsEnvironment whether a display exists
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SpectrogramImage() {
    }

    /**
     * Writes the spectrogram of {@code features}.
     *
     * @param png output file, replaced if it exists (parent folders created)
     * @param features (T, M): one row per frame, each finite
     * @param frameLabels T labels, one per frame ({@code ""} for blank), or null for no label row
     * @throws IllegalArgumentException if {@code features} is empty, ragged or not finite, or the labels
     *     are not one per frame
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, float[][] features, List<String> frameLabels) throws IOException {
        if (png == null) {
            throw new IllegalArgumentException("png: expected a file, got null");
        }
        BufferedImage image = render(features, frameLabels);
        Charts.writeAtomically(png, out -> ImageIO.write(image, "png", out));
    }

    /** The image {@link #write} saves, with the same arguments and checks. */
    public static BufferedImage render(float[][] features, List<String> frameLabels) {
        if (features == null || features.length == 0 || features[0] == null || features[0].length == 0) {
            throw new IllegalArgumentException("features: expected a (T, M) matrix with T, M >= 1, got "
                    + (features == null ? "null" : features.length + " frames"));
        }
        int frames = features.length;
        int bands = features[0].length;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            if (features[t] == null || features[t].length != bands) {
                throw new IllegalArgumentException("features: expected " + bands + " bands in every frame, got "
                        + (features[t] == null ? "null" : features[t].length) + " in frame " + t);
            }
            for (int m = 0; m < bands; m++) {
                float v = features[t][m];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("features: expected finite values, got " + v + " at frame " + t
                            + ", band " + m);
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (frameLabels != null && frameLabels.size() != frames) {
            throw new IllegalArgumentException("frameLabels: expected one label per frame (" + frames + "), got "
                    + frameLabels.size());
        }
        int width = frames * CELL;
        int height = bands * CELL + (frameLabels == null ? 0 : LABEL_ROW);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < bands; m++) {
                double fraction = max > min ? (features[t][m] - min) / (double) (max - min) : 0.5;
                int rgb = viridis(fraction);
                int top = (bands - 1 - m) * CELL;
                for (int y = top; y < top + CELL; y++) {
                    for (int x = t * CELL; x < (t + 1) * CELL; x++) {
                        image.setRGB(x, y, rgb);
                    }
                }
            }
        }
        if (frameLabels != null) {
            drawLabels(image, frameLabels, bands * CELL);
        }
        return image;
    }

    private static void drawLabels(BufferedImage image, List<String> labels, int top) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int t = 0; t < labels.size(); t++) {
                String label = labels.get(t) == null ? "" : labels.get(t);
                g.setColor(labelColour(label));
                g.fillRect(t * CELL, top, CELL, LABEL_ROW);
            }
            g.setColor(Color.BLACK);
            for (int t = 0; t < labels.size(); t++) {
                String label = labels.get(t) == null ? "" : labels.get(t);
                boolean startsRun = t == 0 || !label.equals(labels.get(t - 1) == null ? "" : labels.get(t - 1));
                if (startsRun && !label.isEmpty()) {
                    g.drawString(label, t * CELL + 1, top + LABEL_ROW - 7);
                }
            }
        } finally {
            g.dispose();
        }
    }

    /** White for a blank label, otherwise a light colour from the label's hash. */
    static Color labelColour(String label) {
        if (label.isEmpty()) {
            return Color.WHITE;
        }
        float hue = (label.hashCode() * 0.618034f) % 1f;
        return Color.getHSBColor(hue < 0 ? hue + 1 : hue, 0.35f, 0.95f);
    }

    /** The viridis colour of {@code fraction} in [0, 1], linear between the stops. */
    static int viridis(double fraction) {
        double position = Math.max(0, Math.min(1, fraction)) * (VIRIDIS.length - 1);
        int low = Math.min(VIRIDIS.length - 2, (int) position);
        double w = position - low;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            int value = (int) Math.round(VIRIDIS[low][c] * (1 - w) + VIRIDIS[low + 1][c] * w);
            rgb = rgb << 8 | value;
        }
        return rgb;
    }
}
