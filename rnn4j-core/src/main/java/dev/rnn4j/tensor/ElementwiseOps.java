package dev.rnn4j.tensor;

import java.util.Arrays;

/**
 * The element-wise operations behind {@link Ops}: the broadcasting binary ones ({@code add},
 * {@code sub}, {@code mul}, {@code div}), those with a constant ({@code scale}, {@code addScalar})
 * and the unary functions ({@code tanh}, {@code sigmoid}, {@code relu}, {@code exp}, {@code log},
 * {@code abs}), each forward with its backward beside it. Their contracts are documented on
 * {@link Ops}.
 *
 * <p>Binary operations broadcast as PyTorch does: when one operand's shape is a suffix of the
 * other's or one operand has a single element they index it in place ({@code i % n}); otherwise
 * they first {@link ShapeOps#expand} both operands to the common shape.
 */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    // ================================================================== broadcasting binary ops

    private enum Binary { ADD, SUB, MUL, DIV }

    /**
     * Shape of the broadcast result when one operand's shape is a trailing part of the other's (or
     * one element), else null: the general rule is {@link ShapeOps#broadcastShape}.
     */
    private static int[] suffixBroadcastShape(Tensor a, Tensor b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        if (Arrays.equals(sa, sb)) {
            return sa;
        }
        if (b.numel() == 1 && sb.length <= sa.length) {
            return sa;
        }
        if (a.numel() == 1 && sa.length <= sb.length) {
            return sb;
        }
        int[] longer = sa.length >= sb.length ? sa : sb;
        int[] shorter = sa.length >= sb.length ? sb : sa;
        for (int i = 1; i <= shorter.length; i++) {
            if (shorter[shorter.length - i] != longer[longer.length - i]) {
                return null;
            }
        }
        return longer;
    }

    static Tensor add(Tensor a, Tensor b) {
        return binary("add", Binary.ADD, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        return binary("sub", Binary.SUB, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        return binary("mul", Binary.MUL, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        return binary("div", Binary.DIV, a, b);
    }

    private static Tensor binary(String name, Binary op, Tensor a, Tensor b) {
        Ops.requireSameDtype(name, a, b);
        int[] shape = suffixBroadcastShape(a, b);
        if (shape == null) { // e.g. (B, S, H) and (B, 1, H): expand both, then the plain path
            int[] general = ShapeOps.broadcastShape(name, a.shape(), b.shape());
            return binary(name, op, ShapeOps.expand(a, general), ShapeOps.expand(b, general));
        }
        Tensor out = Tensor.zeros(a.dtype(), shape);
        int n = out.numel();
        int na = a.numel();
        int nb = b.numel();
        if (out.f() != null) {
            float[] x = a.f();
            float[] y = b.f();
            float[] z = out.f();
            for (int i = 0; i < n; i++) {
                float u = x[na == n ? i : i % na];
                float v = y[nb == n ? i : i % nb];
                z[i] = switch (op) {
                    case ADD -> u + v;
                    case SUB -> u - v;
                    case MUL -> u * v;
                    case DIV -> u / v;
                };
            }
        } else {
            double[] x = a.d();
            double[] y = b.d();
            double[] z = out.d();
            for (int i = 0; i < n; i++) {
                double u = x[na == n ? i : i % na];
                double v = y[nb == n ? i : i % nb];
                z[i] = switch (op) {
                    case ADD -> u + v;
                    case SUB -> u - v;
                    case MUL -> u * v;
                    case DIV -> u / v;
                };
            }
        }
        return Autograd.record(new Node(a, b) {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor go = g[0];
                Tensor ta = input(0);
                Tensor tb = input(1);
                if (needsGrad(0)) {
                    Tensor ga = gradOf(ta);
                    for (int i = 0; i < n; i++) {
                        double gi = go.getFlat(i);
                        double d = switch (op) {
                            case ADD, SUB -> gi;
                            case MUL -> gi * tb.getFlat(nb == n ? i : i % nb);
                            case DIV -> gi / tb.getFlat(nb == n ? i : i % nb);
                        };
                        int k = na == n ? i : i % na;
                        ga.setFlat(k, ga.getFlat(k) + d);
                    }
                }
                if (needsGrad(1)) {
                    Tensor gb = gradOf(tb);
                    for (int i = 0; i < n; i++) {
                        double gi = go.getFlat(i);
                        double v = tb.getFlat(nb == n ? i : i % nb);
                        double d = switch (op) {
                            case ADD -> gi;
                            case SUB -> -gi;
                            case MUL -> gi * ta.getFlat(na == n ? i : i % na);
                            case DIV -> -gi * ta.getFlat(na == n ? i : i % na) / (v * v);
                        };
                        int k = nb == n ? i : i % nb;
                        gb.setFlat(k, gb.getFlat(k) + d);
                    }
                }
            }
        }, out);
    }

    static Tensor scale(Tensor a, double s) {
        Tensor out = a.zerosLike();
        int n = a.numel();
        if (a.f() != null) {
            float sf = (float) s;
            for (int i = 0; i < n; i++) {
                out.f()[i] = a.f()[i] * sf;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.d()[i] = a.d()[i] * s;
            }
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return "scale";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor ga = gradOf(input(0));
                for (int i = 0; i < n; i++) {
                    ga.setFlat(i, ga.getFlat(i) + g[0].getFlat(i) * s);
                }
            }
        }, out);
    }

    static Tensor addScalar(Tensor a, double s) {
        Tensor out = a.zerosLike();
        int n = a.numel();
        for (int i = 0; i < n; i++) {
            out.setFlat(i, a.getFlat(i) + s);
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return "add_scalar";
            }

            @Override
            protected void backward(Tensor[] g) {
                gradOf(input(0)).addInPlace(g[0]);
            }
        }, out);
    }

    // ================================================================== unary

    private enum Unary { TANH, SIGMOID, RELU, EXP, LOG, ABS }

    static Tensor tanh(Tensor a) {
        return unary("tanh", Unary.TANH, a);
    }

    static Tensor sigmoid(Tensor a) {
        return unary("sigmoid", Unary.SIGMOID, a);
    }

    static Tensor relu(Tensor a) {
        return unary("relu", Unary.RELU, a);
    }

    static Tensor exp(Tensor a) {
        return unary("exp", Unary.EXP, a);
    }

    static Tensor log(Tensor a) {
        return unary("log", Unary.LOG, a);
    }

    static Tensor abs(Tensor a) {
        return unary("abs", Unary.ABS, a);
    }

    private static double apply(Unary op, double x) {
        return switch (op) {
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case RELU -> x > 0 ? x : 0.0;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case ABS -> Math.abs(x);
        };
    }

    /** Derivative from the input x and the output y. */
    private static double derivative(Unary op, double x, double y) {
        return switch (op) {
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
            case RELU -> x > 0 ? 1 : 0;
            case EXP -> y;
            case LOG -> 1 / x;
            case ABS -> x > 0 ? 1 : (x < 0 ? -1 : 0);
        };
    }

    private static Tensor unary(String name, Unary op, Tensor a) {
        Tensor out = a.zerosLike();
        int n = a.numel();
        if (a.f() != null) {
            float[] x = a.f();
            float[] y = out.f();
            for (int i = 0; i < n; i++) {
                y[i] = (float) apply(op, x[i]);
            }
        } else {
            double[] x = a.d();
            double[] y = out.d();
            for (int i = 0; i < n; i++) {
                y[i] = apply(op, x[i]);
            }
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor x = input(0);
                Tensor ga = gradOf(x);
                for (int i = 0; i < n; i++) {
                    double d = derivative(op, x.getFlat(i), out.getFlat(i));
                    ga.setFlat(i, ga.getFlat(i) + g[0].getFlat(i) * d);
                }
            }
        }, out);
    }
}
