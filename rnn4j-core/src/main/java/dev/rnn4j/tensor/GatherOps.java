package dev.rnn4j.tensor;

import dev.rnn4j.kernels.KernelProvider;

/**
 * The block gather behind every copying view ({@link Ops#transpose}, {@link Ops#narrow},
 * {@link Ops#indexRows}, {@link ShapeOps#expand}, {@link ShapeOps#indexSelect}) and behind
 * {@link Ops#gather}: output block i is input block {@code index[i]}, and backward scatter-adds each
 * block back where it came from, so a block taken twice gets both gradients.
 */
final class GatherOps {

    private GatherOps() {
    }

    static Tensor gather(Tensor a, int[] index, int[] outShape, String name) {
        return gatherBlocks(a, index, 1, outShape, name);
    }

    /**
     * The tensor gatherBlocks fills. {@link Tensor#zeros} already takes a kept array from
     * {@link ArrayCache} and clears it; when nothing is recorded (inference) and the blocks cover
     * every element, the clearing is skipped: one memory pass fewer over the batch-first transposes
     * of a forward pass (48 MB per call at infer_lstm_batch's sizes).
     */
    private static Tensor gatherTarget(Tensor a, long written, int[] outShape) {
        if (a.f() != null && !Autograd.shouldRecord(a) && written == Shape.size(outShape)) {
            return Tensor.of(ArrayCache.takeOrAllocate((int) written, false), outShape);
        }
        return Tensor.zeros(a.dtype(), outShape);
    }

    /**
     * Block gather: block i of the output ({@code block} contiguous elements) is block
     * {@code index[i]} of {@code a}; backward adds each block back where it came from. Copies go
     * through {@code System.arraycopy} and the gradient through {@code axpy}, so transposes that
     * keep the last dimension cost a memory copy.
     */
    static Tensor gatherBlocks(Tensor a, int[] index, int block, int[] outShape, String name) {
        Tensor out = gatherTarget(a, (long) index.length * block, outShape);
        if (block == 1) {
            if (a.f() != null) {
                float[] src = a.f();
                float[] dst = out.f();
                for (int i = 0; i < index.length; i++) {
                    dst[i] = src[index[i]];
                }
            } else {
                double[] src = a.d();
                double[] dst = out.d();
                for (int i = 0; i < index.length; i++) {
                    dst[i] = src[index[i]];
                }
            }
        } else {
            Object src = a.data();
            Object dst = out.data();
            for (int i = 0; i < index.length; i++) {
                System.arraycopy(src, index[i] * block, dst, i * block, block);
            }
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor ga = gradOf(input(0));
                if (ga.f() != null) {
                    float[] dst = ga.f();
                    float[] src = g[0].f();
                    if (block == 1) {
                        for (int i = 0; i < index.length; i++) {
                            dst[index[i]] += src[i];
                        }
                    } else {
                        dev.rnn4j.kernels.Kernels k = KernelProvider.get();
                        for (int i = 0; i < index.length; i++) {
                            k.axpy(block, 1f, src, i * block, dst, index[i] * block);
                        }
                    }
                } else {
                    double[] dst = ga.d();
                    double[] src = g[0].d();
                    for (int i = 0; i < index.length; i++) {
                        for (int j = 0; j < block; j++) {
                            dst[index[i] * block + j] += src[i * block + j];
                        }
                    }
                }
            }
        }, out);
    }
}
