package dev.rnn4j.io;

import static dev.rnn4j.io.SafeTensorsTestFiles.file;
import static dev.rnn4j.io.SafeTensorsTestFiles.ints;
import static dev.rnn4j.io.SafeTensorsTestFiles.longs;
import static dev.rnn4j.io.SafeTensorsTestFiles.shorts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding of the dtypes PyTorch writes besides F32/F64, from hand-written bytes. */
class SafeTensorsDecodeTest {

    @TempDir
    Path dir;

    private static Tensor single(String dtype, String shape, byte[] data) throws Exception {
        String header = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[0,"
                + data.length + "]}}";
        return SafeTensors.read(file(header, data), dtype + " test").tensor("t");
    }

    @Test
    void f16DecodesExactlyToFloat32() throws Exception {
        Tensor t = single("F16", "[2,5]", shorts(
                0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, // 1, -2, 65504, smallest subnormal, largest subnormal
                0x0400, 0x8000, 0x7C00, 0xFC00, 0x3555)); // smallest normal, -0, inf, -inf, 0.333251953125
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new int[] {2, 5}, t.shape());
        float[] v = t.f();
        assertEquals(1.0f, v[0]);
        assertEquals(-2.0f, v[1]);
        assertEquals(65504.0f, v[2]);
        assertEquals(0x1p-24f, v[3]);
        assertEquals(1023 * 0x1p-24f, v[4]);
        assertEquals(0x1p-14f, v[5]);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(v[6]));
        assertEquals(Float.POSITIVE_INFINITY, v[7]);
        assertEquals(Float.NEGATIVE_INFINITY, v[8]);
        assertEquals(0.333251953125f, v[9]);
    }

    @Test
    void f16NanKeepsItsPayload() throws Exception {
        float[] v = single("F16", "[3]", shorts(0x7E00, 0x7C01, 0xFE13)).f();
        for (float x : v) {
            assertTrue(Float.isNaN(x));
        }
        assertEquals(0x7FC00000, Float.floatToRawIntBits(v[0]));
        assertEquals(0x7F802000, Float.floatToRawIntBits(v[1]));
        assertEquals(0xFFC26000, Float.floatToRawIntBits(v[2]));
    }

    @Test
    void f16ConversionMatchesTheDefinitionForEveryBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            float got = SafeTensorsReader.halfToFloat((short) bits);
            if (exponent == 0x1F) {
                assertEquals(mantissa == 0, Float.isInfinite(got), Integer.toHexString(bits));
                assertEquals(mantissa != 0, Float.isNaN(got), Integer.toHexString(bits));
            } else {
                double expected = exponent == 0 ? sign * mantissa * Math.pow(2, -24)
                        : sign * (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
                assertEquals(expected, got, 0.0, Integer.toHexString(bits));
                assertEquals(sign < 0, (Float.floatToRawIntBits(got) & 0x80000000) != 0, Integer.toHexString(bits));
            }
        }
    }

    @Test
    void bf16IsTheHighHalfOfFloat32() throws Exception {
        float[] v = single("BF16", "[6]", shorts(0x3F80, 0xC040, 0x0001, 0x7F80, 0x7FC1, 0x8000)).f();
        assertEquals(1.0f, v[0]);
        assertEquals(-3.0f, v[1]);
        assertEquals(Float.intBitsToFloat(0x00010000), v[2]); // a subnormal
        assertEquals(Float.POSITIVE_INFINITY, v[3]);
        assertEquals(0x7FC10000, Float.floatToRawIntBits(v[4]));
        assertEquals(0x80000000, Float.floatToRawIntBits(v[5]));
    }

    @Test
    void i32BecomesExactFloat64() throws Exception {
        Tensor t = single("I32", "[2,2]", ints(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE));
        assertEquals(DType.F64, t.dtype());
        assertArrayEquals(new double[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, t.d());
    }

    @Test
    void i64WithinTwoToThe53BecomesExactFloat64() throws Exception {
        long max = 1L << 53;
        Tensor t = single("I64", "[4]", longs(7, -max, max, 123456789012345L));
        assertEquals(DType.F64, t.dtype());
        assertArrayEquals(new double[] {7, -max, max, 123456789012345L}, t.d());
    }

    @Test
    void i64BeyondTwoToThe53IsAnErrorNamingTensorAndElement() throws Exception {
        byte[] data = longs(1, (1L << 53) + 1);
        String header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        Path p = SafeTensorsTestFiles.write(dir, "ids.safetensors", file(header, data));
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'ids'") && e.getMessage().contains("element 1")
                && e.getMessage().contains("9007199254740993"), e.getMessage());
    }

    @Test
    void f64AndF32ReadFromHandWrittenBytes() throws Exception {
        assertArrayEquals(new double[] {1.5, -0.25},
                single("F64", "[2]", longs(Double.doubleToLongBits(1.5), Double.doubleToLongBits(-0.25))).d());
        assertArrayEquals(new float[] {2.5f},
                single("F32", "[1,1,1]", ints(Float.floatToIntBits(2.5f))).f());
    }

    @Test
    void rankZeroAndEmptyTensors() throws Exception {
        Tensor scalar = single("F32", "[]", ints(Float.floatToIntBits(4f)));
        assertArrayEquals(new int[0], scalar.shape());
        assertEquals(4f, scalar.f()[0]);
        Tensor empty = single("F16", "[3,0]", new byte[0]);
        assertArrayEquals(new int[] {3, 0}, empty.shape());
        assertEquals(0, empty.numel());
    }

    @Test
    void tensorsLargerThanOneReadChunkDecodeAcrossChunkBoundaries() throws Exception {
        int n = (1 << 20) / 2 + 3; // F16: just over one 1 MiB chunk
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            bits[i] = i % 2048; // positive halves: zero, subnormals, then normals up to 2^-4ish
        }
        Path p = SafeTensorsTestFiles.write(dir, "big.safetensors", file(
                "{\"big\":{\"dtype\":\"F16\",\"shape\":[" + n + "],\"data_offsets\":[0," + 2 * n + "]}}", shorts(bits)));
        float[] v = SafeTensors.read(p).tensor("big").f();
        for (int i = 0; i < n; i++) {
            assertEquals(SafeTensorsReader.halfToFloat((short) (i % 2048)), v[i], "element " + i);
        }
    }

    @Test
    void gapsBetweenTensorsAreAccepted() throws Exception {
        byte[] data = SafeTensorsTestFiles.concat(ints(Float.floatToIntBits(1f)), new byte[4],
                ints(Float.floatToIntBits(2f)));
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        SafeTensorsFile f = SafeTensors.read(file(header, data), "gaps");
        assertEquals(1f, f.tensor("a").f()[0]);
        assertEquals(2f, f.tensor("b").f()[0]);
    }

    @Test
    void headerOrderIsKeptEvenWhenDataOrderDiffers() throws Exception {
        byte[] data = ints(Float.floatToIntBits(1f), Float.floatToIntBits(2f));
        String header = "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}   ";
        SafeTensorsFile f = SafeTensors.read(file(header, data), "order");
        assertEquals(java.util.List.of("second", "first"), java.util.List.copyOf(f.tensors().keySet()));
        assertEquals(2f, f.tensor("second").f()[0]);
    }
}
