package dev.rnn4j.models.seq2seq;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Tensor;

/**
 * The pointwise gate pass of one GRU or LSTM step as an autograd node, on the named gate kernels
 * ({@code Kernels.gruGatesForward}, {@code lstmGatesForward} and their backwards; float64 through
 * {@link ScalarKernels} for gradient checks). The two products of the step are ordinary
 * {@code linear} operations before it, so one decoder step costs two small GEMMs and one gate pass,
 * with nothing prepared per step. Callers validate shapes.
 */
final class CellGates {

    private CellGates() {
    }

    /**
     * GRU (PyTorch's r, z, n): {@code h = (1 − z) ⊙ n + z ⊙ hPrev} with
     * {@code n = tanh(ih_n + r ⊙ hh_n)}.
     *
     * @param ih    (B, 3H) {@code x · W_ihᵀ + b_ih}
     * @param hh    (B, 3H) {@code hPrev · W_hhᵀ + b_hh}
     * @param hPrev (B, H)
     * @return h (B, H)
     */
    static Tensor gru(Tensor ih, Tensor hh, Tensor hPrev) {
        int rows = hPrev.size(0);
        int hidden = hPrev.size(1);
        Tensor acts = Tensor.zeros(hPrev.dtype(), rows, 3 * hidden); // [r | z | n], for backward
        Tensor h = Tensor.zeros(hPrev.dtype(), rows, hidden);
        if (h.f() != null) {
            KernelProvider.get().gruGatesForward(ih.f(), 0, hh.f(), 0, hPrev.f(), 0, acts.f(), 0, h.f(), 0, rows,
                    hidden);
        } else {
            ScalarKernels.INSTANCE.gruGatesForward(ih.d(), 0, hh.d(), 0, hPrev.d(), 0, acts.d(), 0, h.d(), 0, rows,
                    hidden);
        }
        return Autograd.record(new Node(ih, hh, hPrev) {
            @Override
            public String name() {
                return "gru_gates";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor dIh = acts.zerosLike();
                Tensor dHh = acts.zerosLike();
                Tensor dhPrev = h.zerosLike();
                if (h.f() != null) {
                    KernelProvider.get().gruGatesBackward(acts.f(), 0, hh.f(), 0, hPrev.f(), 0, g[0].f(), 0,
                            dIh.f(), 0, dHh.f(), 0, dhPrev.f(), 0, rows, hidden);
                } else {
                    ScalarKernels.INSTANCE.gruGatesBackward(acts.d(), 0, hh.d(), 0, hPrev.d(), 0, g[0].d(), 0,
                            dIh.d(), 0, dHh.d(), 0, dhPrev.d(), 0, rows, hidden);
                }
                if (needsGrad(0)) {
                    gradOf(input(0)).addInPlace(dIh);
                }
                if (needsGrad(1)) {
                    gradOf(input(1)).addInPlace(dHh);
                }
                if (needsGrad(2)) {
                    gradOf(input(2)).addInPlace(dhPrev);
                }
            }
        }, h);
    }

    /**
     * LSTM (PyTorch's i, f, g, o): {@code c = f ⊙ cPrev + i ⊙ g}, {@code h = o ⊙ tanh(c)}.
     *
     * @param gates (B, 4H) {@code x · W_ihᵀ + b_ih + hPrev · W_hhᵀ + b_hh}
     * @param cPrev (B, H)
     * @return {h (B, H), c (B, H)}
     */
    static Tensor[] lstm(Tensor gates, Tensor cPrev) {
        int rows = cPrev.size(0);
        int hidden = cPrev.size(1);
        Tensor acts = gates.copy(); // the kernel turns pre-activations into activations in place
        Tensor h = Tensor.zeros(cPrev.dtype(), rows, hidden);
        Tensor c = Tensor.zeros(cPrev.dtype(), rows, hidden);
        if (h.f() != null) {
            KernelProvider.get().lstmGatesForward(acts.f(), 0, cPrev.f(), 0, c.f(), 0, h.f(), 0, rows, hidden);
        } else {
            ScalarKernels.INSTANCE.lstmGatesForward(acts.d(), 0, cPrev.d(), 0, c.d(), 0, h.d(), 0, rows, hidden);
        }
        Autograd.record(new Node(gates, cPrev) {
            @Override
            public String name() {
                return "lstm_gates";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor dh = g[0] != null ? g[0] : h.zerosLike();
                Tensor dc = g[1] != null ? g[1] : c.zerosLike();
                Tensor dGates = acts.zerosLike();
                Tensor dcPrev = c.zerosLike();
                if (h.f() != null) {
                    KernelProvider.get().lstmGatesBackward(acts.f(), 0, cPrev.f(), 0, c.f(), 0, dh.f(), 0, dc.f(), 0,
                            dGates.f(), 0, dcPrev.f(), 0, rows, hidden);
                } else {
                    ScalarKernels.INSTANCE.lstmGatesBackward(acts.d(), 0, cPrev.d(), 0, c.d(), 0, dh.d(), 0, dc.d(), 0,
                            dGates.d(), 0, dcPrev.d(), 0, rows, hidden);
                }
                if (needsGrad(0)) {
                    gradOf(input(0)).addInPlace(dGates);
                }
                if (needsGrad(1)) {
                    gradOf(input(1)).addInPlace(dcPrev);
                }
            }
        }, h, c);
        return new Tensor[] {h, c};
    }
}
