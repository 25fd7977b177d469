package dev.rnn4j.explain;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link CellTrace} as plain CSV files, one row per time step, one column per unit:
 * <pre>
 * tokens.txt             one token per line, in step order (a line break is written \n, a tab \t, a backslash \\)
 * hidden_l0.csv          header l0_u0,l0_u1,...; row t the layer's hidden state after step t
 * cell_l0.csv            the LSTM's cell state, same layout
 * gates_l0.csv           header l0_i_u0,...,l0_f_u0,...; row t every gate of every unit (PyTorch's gate order)
 * </pre>
 * (and the same per further layer). A bidirectional layer's files hold both directions, aligned with the tokens:
 * the forward units, then the reverse direction's ({@code l0_u0_reverse}, ...; gates
 * {@code l0_i_u0_reverse}, ...), row t the reverse state after reading token t from the end. The state files have the layout of LSTMVis's state matrix (one row per token,
 * one column per unit, rows aligned with the token sequence); LSTMVis itself reads the matrix from HDF5, which
 * one call of h5py writes from the CSV. Stateless.
 */
public final class StatesCsv {

    /** The token file's name. */
    public static final String TOKENS = "tokens.txt";

    private StatesCsv() {
    }

    /**
     * Writes the files into {@code folder} (created if needed; files of the same names are replaced).
     *
     * @param tokens (T) the token read at each step
     * @return the files written, tokens first
     * @throws IllegalArgumentException if there is not one token per step
     */
    public static List<Path> write(Path folder, List<String> tokens, CellTrace trace) throws IOException {
        if (folder == null || tokens == null || trace == null) {
            throw new IllegalArgumentException("folder, tokens, trace: expected non-null arguments");
        }
        if (tokens.size() != trace.steps()) {
            throw new IllegalArgumentException("tokens: expected one per step (" + trace.steps() + "), got "
                    + tokens.size());
        }
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        Path tokenFile = folder.resolve(TOKENS);
        try (BufferedWriter out = Files.newBufferedWriter(tokenFile, StandardCharsets.UTF_8)) {
            for (String token : tokens) {
                out.write(escape(token));
                out.write('\n');
            }
        }
        written.add(tokenFile);
        int h = trace.hidden();
        for (int l = 0; l < trace.layers().size(); l++) {
            CellTrace.Layer layer = trace.layers().get(l);
            List<String> unitNames = new ArrayList<>(trace.units());
            for (int d = 0; d < trace.directions(); d++) {
                for (int u = 0; u < h; u++) {
                    unitNames.add("l" + l + "_u" + u + (d == 1 ? "_reverse" : ""));
                }
            }
            written.add(matrix(folder.resolve("hidden_l" + l + ".csv"), unitNames, layer.hidden(), trace.steps()));
            if (layer.cell() != null) {
                written.add(matrix(folder.resolve("cell_l" + l + ".csv"), unitNames, layer.cell(), trace.steps()));
            }
            if (!trace.gates().isEmpty()) {
                List<String> gateNames = new ArrayList<>(trace.gates().size() * trace.units());
                for (int d = 0; d < trace.directions(); d++) {
                    for (String gate : trace.gates()) {
                        for (int u = 0; u < h; u++) {
                            gateNames.add("l" + l + "_" + gate + "_u" + u + (d == 1 ? "_reverse" : ""));
                        }
                    }
                }
                written.add(matrix(folder.resolve("gates_l" + l + ".csv"), gateNames, layer.gates(), trace.steps()));
            }
        }
        return written;
    }

    // values (T, columns) row-major
    private static Path matrix(Path file, List<String> header, float[] values, int steps) throws IOException {
        int columns = header.size();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", header));
            out.write('\n');
            StringBuilder row = new StringBuilder(columns * 12);
            for (int t = 0; t < steps; t++) {
                row.setLength(0);
                for (int j = 0; j < columns; j++) {
                    if (j > 0) {
                        row.append(',');
                    }
                    row.append(values[t * columns + j]); // Float.toString: shortest text that reads back exactly
                }
                out.append(row).append('\n');
            }
        }
        return file;
    }

    private static String escape(String token) {
        return token.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
