package dev.rnn4j.tensor;

/** Element types a {@link Tensor} can hold: float32 for work, float64 for gradient checks. */
public enum DType {
    /** 32-bit IEEE float, stored in a {@code float[]}. */
    F32,
    /** 64-bit IEEE float, stored in a {@code double[]}. */
    F64
}
