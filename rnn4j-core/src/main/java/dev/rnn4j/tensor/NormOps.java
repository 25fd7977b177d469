package dev.rnn4j.tensor;

import java.util.Arrays;

/**
 * Normalisation operations: {@code torch.nn.functional.layer_norm}.
 *
 * <p>Layer normalisation (Ba, Kiros and Hinton, 2016, "Layer Normalization") normalises each row
 * of the last {@code k} dimensions to zero mean and unit variance, then scales and shifts it
 * element-wise. With N the number of elements per row,
 * <pre>
 *   μ = (1/N) Σ x_j,   σ² = (1/N) Σ (x_j − μ)²   (biased, as PyTorch),
 *   x̂_j = (x_j − μ) / √(σ² + eps),   y_j = x̂_j · weight_j + bias_j.
 * </pre>
 * Backward, with g_j = dL/dy_j · weight_j:
 * {@code dL/dx_j = (g_j − mean(g) − x̂_j · mean(g · x̂)) / √(σ² + eps)},
 * {@code dL/dweight_j = Σ_rows dL/dy_j · x̂_j}, {@code dL/dbias_j = Σ_rows dL/dy_j}.
 *
 * <p>Sums run in double for either dtype. A row with one element normalises to 0 (its variance is
 * 0), so its output is {@code bias}. A NaN or infinite element makes its whole row NaN, as in
 * PyTorch.
 */
public final class NormOps {

    private NormOps() {
    }

    /**
     * {@code torch.nn.functional.layer_norm(input, normalized_shape, weight, bias, eps)}.
     *
     * @param input           (..., *normalizedShape)
     * @param normalizedShape the trailing dimensions normalised together, each ≥ 1
     * @param weight          normalizedShape-shaped scale, or null for none (all ones)
     * @param bias            normalizedShape-shaped shift, or null for none (all zeros)
     * @param eps             added to the variance, &gt; 0 (PyTorch's default is 1e-5)
     * @return a tensor shaped like {@code input}
     */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int[] shape = input.shape();
        int k = normalizedShape.length;
        if (k == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("layer_norm: expected a normalized_shape of one or more sizes ≥ 1, got "
                    + Shape.str(normalizedShape));
        }
        if (k > shape.length
                || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            String trailing = Arrays.stream(normalizedShape).mapToObj(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "));
            throw new IllegalArgumentException("layer_norm: expected input of shape (..., " + trailing
                    + ") for normalized_shape " + Shape.str(normalizedShape) + ", got " + Shape.str(shape));
        }
        checkAffine("weight", weight, input, normalizedShape);
        checkAffine("bias", bias, input, normalizedShape);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("layer_norm: eps must be > 0, got " + eps);
        }
        int n = 1;
        for (int d : normalizedShape) {
            n *= d;
        }
        int rows = input.numel() / n;
        double[] mean = new double[rows];
        double[] rstd = new double[rows];
        Tensor out = input.zerosLike();
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += input.getFlat(base + j);
            }
            double mu = sum / n;
            double squares = 0;
            for (int j = 0; j < n; j++) {
                double centred = input.getFlat(base + j) - mu;
                squares += centred * centred;
            }
            double inv = 1.0 / Math.sqrt(squares / n + eps);
            mean[r] = mu;
            rstd[r] = inv;
            for (int j = 0; j < n; j++) {
                double y = (input.getFlat(base + j) - mu) * inv;
                if (weight != null) {
                    y *= weight.getFlat(j);
                }
                if (bias != null) {
                    y += bias.getFlat(j);
                }
                out.setFlat(base + j, y);
            }
        }
        final int len = n;
        return Autograd.record(new Node(input, weight, bias) {
            @Override
            public String name() {
                return "layer_norm";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor go = g[0];
                Tensor gx = needsGrad(0) ? gradOf(input(0)) : null;
                Tensor gw = needsGrad(1) ? gradOf(input(1)) : null;
                Tensor gb = needsGrad(2) ? gradOf(input(2)) : null;
                Tensor x = input(0);
                for (int r = 0; r < rows; r++) {
                    int base = r * len;
                    double mu = mean[r];
                    double inv = rstd[r];
                    double meanG = 0;
                    double meanGxHat = 0;
                    for (int j = 0; j < len; j++) {
                        double dy = go.getFlat(base + j);
                        double xHat = (x.getFlat(base + j) - mu) * inv;
                        double gj = weight == null ? dy : dy * weight.getFlat(j);
                        meanG += gj;
                        meanGxHat += gj * xHat;
                        if (gw != null) {
                            gw.setFlat(j, gw.getFlat(j) + dy * xHat);
                        }
                        if (gb != null) {
                            gb.setFlat(j, gb.getFlat(j) + dy);
                        }
                    }
                    if (gx == null) {
                        continue;
                    }
                    meanG /= len;
                    meanGxHat /= len;
                    for (int j = 0; j < len; j++) {
                        double dy = go.getFlat(base + j);
                        double xHat = (x.getFlat(base + j) - mu) * inv;
                        double gj = weight == null ? dy : dy * weight.getFlat(j);
                        gx.setFlat(base + j, gx.getFlat(base + j) + (gj - meanG - xHat * meanGxHat) * inv);
                    }
                }
            }
        }, out);
    }

    private static void checkAffine(String name, Tensor t, Tensor input, int[] normalizedShape) {
        if (t == null) {
            return;
        }
        if (!Arrays.equals(t.shape(), normalizedShape)) {
            throw new IllegalArgumentException("layer_norm: expected " + name + " of shape "
                    + Shape.str(normalizedShape) + ", got " + Shape.str(t.shape()));
        }
        if (t.dtype() != input.dtype()) {
            throw new IllegalArgumentException("layer_norm: " + name + " is " + t.dtype() + " but input is "
                    + input.dtype());
        }
    }
}
