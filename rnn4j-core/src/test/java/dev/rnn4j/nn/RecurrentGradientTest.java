package dev.rnn4j.nn;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finite-difference gradient checks in float64 of every recurrent layer: one and two directions,
 * 1 to 3 layers, with and without per-row lengths, always including sequence length 1 and batch 1.
 */
class RecurrentGradientTest {

    static Stream<Arguments> configurations() {
        List<Arguments> out = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            // layers, bidirectional, lengths?, T, B, batchFirst
            out.add(Arguments.of(cell, 1, false, false, 1, 1, false));
            out.add(Arguments.of(cell, 1, false, false, 4, 3, false));
            out.add(Arguments.of(cell, 1, true, false, 1, 2, true));
            out.add(Arguments.of(cell, 2, true, true, 4, 3, false));
            out.add(Arguments.of(cell, 3, false, true, 3, 2, true));
            out.add(Arguments.of(cell, 2, false, false, 3, 1, false));
            out.add(Arguments.of(cell, 1, true, true, 5, 4, false));
        }
        return out.stream();
    }

    static RecurrentLayer make(CellType cell, RecurrentLayer.Options o, Rng rng) {
        return switch (cell) {
            case LSTM -> new LSTM(o, rng);
            case GRU -> new GRU(o, rng);
            case RNN_TANH -> new RNN(o, false, rng);
            case RNN_RELU -> new RNN(o, true, rng);
        };
    }

    @ParameterizedTest(name = "{0} layers={1} bidir={2} lengths={3} T={4} B={5} batchFirst={6}")
    @MethodSource("configurations")
    void gradientsMatchFiniteDifferences(CellType cell, int layers, boolean bidir, boolean withLengths, int steps,
                                         int batch, boolean batchFirst) {
        int input = 3;
        int hidden = 4;
        RecurrentLayer layer = make(cell, new RecurrentLayer.Options(input, hidden).numLayers(layers)
                .bidirectional(bidir).batchFirst(batchFirst), new Rng(42));
        layer.to(DType.F64);
        int dirs = bidir ? 2 : 1;
        Tensor x = GradCheck.random(1, batchFirst ? new int[] {batch, steps, input} : new int[] {steps, batch, input})
                .requiresGrad(true);
        Tensor h0 = GradCheck.random(2, layers * dirs, batch, hidden).requiresGrad(true);
        Tensor c0 = cell.hasCellState() ? GradCheck.random(3, layers * dirs, batch, hidden).requiresGrad(true) : null;
        int[] lengths = null;
        if (withLengths) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = 1 + (b * 7 + 2) % steps; // mixed, unsorted, includes 1 where steps allow
            }
            lengths[0] = steps;
        }
        int[] lens = lengths;
        Tensor wOut = GradCheck.random(4, x.size(0), x.size(1), dirs * hidden);
        Tensor wH = GradCheck.random(5, layers * dirs, batch, hidden);
        Tensor wC = GradCheck.random(6, layers * dirs, batch, hidden);
        List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
        List<String> names = new ArrayList<>(List.of("x", "h_0"));
        if (c0 != null) {
            leaves.add(c0);
            names.add("c_0");
        }
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            leaves.add(p.getValue());
            names.add(p.getKey());
        }
        GradCheck.check(() -> {
            RecurrentOutput r = layer.forward(x, lens, h0, c0);
            Tensor loss = r.output().mul(wOut).sum().add(r.hN().mul(wH).sum());
            if (r.cN() != null) {
                loss = loss.add(r.cN().mul(wC).sum());
            }
            return loss;
        }, leaves, names);
    }

    @ParameterizedTest
    @MethodSource("cells")
    void cellsMatchFiniteDifferences(CellType cell) {
        Rng rng = new Rng(7);
        RecurrentCell module = switch (cell) {
            case LSTM -> new RecurrentCell.LSTMCell(3, 2, rng);
            case GRU -> new RecurrentCell.GRUCell(3, 2, rng);
            default -> new RecurrentCell.RNNCell(3, 2, cell == CellType.RNN_RELU, rng);
        };
        module.to(DType.F64);
        Tensor x = GradCheck.random(8, 1, 3).requiresGrad(true);
        Tensor h = GradCheck.random(9, 1, 2).requiresGrad(true);
        Tensor c = GradCheck.random(10, 1, 2).requiresGrad(true);
        Tensor w = GradCheck.random(11, 1, 2);
        List<Tensor> leaves = new ArrayList<>(List.of(x, h));
        leaves.addAll(module.parameters());
        List<String> names = new ArrayList<>(List.of("x", "hx"));
        names.addAll(module.namedParameters().keySet());
        if (cell == CellType.LSTM) {
            leaves.add(c);
            names.add("cx");
        }
        GradCheck.check(() -> {
            Tensor[] out = module.step(x, h, cell == CellType.LSTM ? c : null);
            Tensor loss = out[0].mul(w).sum();
            return out.length > 1 ? loss.add(out[1].mul(out[1]).sum()) : loss;
        }, leaves, names);
    }

    static Stream<CellType> cells() {
        return Stream.of(CellType.values());
    }
}
