package dev.rnn4j.io;

import static dev.rnn4j.io.SafeTensorsTestFiles.concat;
import static dev.rnn4j.io.SafeTensorsTestFiles.file;
import static dev.rnn4j.io.SafeTensorsTestFiles.prefix;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of malformed input fails with a {@link SafeTensorsFormatException} whose message
 * starts with the file name and contains the offending tensor or field and the values involved.
 */
class SafeTensorsMalformedTest {

    @TempDir
    Path dir;

    /** 8 bytes of data for the one-entry headers below. */
    private static final byte[] DATA8 = new byte[8];

    /** Writes {@code bytes} to a file, reads it, and checks the failure message. */
    private SafeTensorsFormatException fails(byte[] bytes, String... mustContain) throws Exception {
        Path p = SafeTensorsTestFiles.write(dir, "bad.safetensors", bytes);
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(p));
        String m = e.getMessage();
        assertTrue(m.startsWith(p.toString() + ": "), "message names the file: " + m);
        for (String s : mustContain) {
            assertTrue(m.contains(s), "message contains '" + s + "': " + m);
        }
        // The in-memory reader agrees.
        SafeTensorsFormatException fromBytes = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(bytes, "mem"));
        assertTrue(fromBytes.getMessage().startsWith("mem: "), fromBytes.getMessage());
        return e;
    }

    /** A file whose single tensor "w" has the given entry JSON and 8 bytes of data. */
    private SafeTensorsFormatException failsEntry(String entryJson, String... mustContain) throws Exception {
        return fails(file("{\"w\":" + entryJson + "}", DATA8), mustContain);
    }

    // ---------------------------------------------------------------- framing

    @Test
    void emptyFile() throws Exception {
        fails(new byte[0], "0 bytes", "at least 8");
    }

    @Test
    void fileShorterThanTheLengthPrefix() throws Exception {
        fails(new byte[] {1, 0, 0}, "3 bytes", "at least 8");
    }

    @Test
    void lyingHeaderLengthIsRejectedWithoutAllocatingIt() throws Exception {
        fails(concat(prefix(1L << 62), "{}".getBytes(StandardCharsets.US_ASCII)),
                "4611686018427387904", "only 2 bytes follow");
    }

    @Test
    void headerLengthWithTheTopBitSetIsReadAsUnsigned() throws Exception {
        fails(concat(prefix(-1L), "{}".getBytes(StandardCharsets.US_ASCII)), "18446744073709551615");
    }

    @Test
    void headerLengthOneByteTooLong() throws Exception {
        fails(concat(prefix(3), "{}".getBytes(StandardCharsets.US_ASCII)), "says 3 bytes", "only 2 bytes");
    }

    @Test
    void headerLengthZero() throws Exception {
        fails(concat(prefix(0), DATA8), "header length is 0");
    }

    @Test
    void headerNotUtf8() throws Exception {
        byte[] header = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        fails(concat(prefix(header.length), header), "not valid UTF-8", "offset 2");
    }

    @Test
    void headerNotJson() throws Exception {
        fails(file("{\"w\": {\"dtype\": ", new byte[0]), "not valid JSON");
    }

    @Test
    void headerOnlyWhitespace() throws Exception {
        fails(file("        ", new byte[0]), "must be a JSON object", "empty");
    }

    @Test
    void headerNotAnObject() throws Exception {
        fails(file("[1, 2, 3]", new byte[0]), "must be a JSON object", "array");
    }

    @Test
    void trailingGarbageAfterTheHeaderObject() throws Exception {
        fails(file("{} {}", new byte[0]), "not valid JSON");
    }

    @Test
    void duplicateTensorName() throws Exception {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        fails(file("{\"w\":" + entry + ",\"w\":" + entry + "}", DATA8), "not valid JSON", "Duplicate", "'w'");
    }

    // ---------------------------------------------------------------- metadata

    @Test
    void metadataNotAnObject() throws Exception {
        fails(file("{\"__metadata__\":[\"a\"]}", new byte[0]), "__metadata__", "must be an object", "array");
    }

    @Test
    void metadataValueNotAString() throws Exception {
        fails(file("{\"__metadata__\":{\"lr\":0.1}}", new byte[0]), "__metadata__ entry 'lr'", "must be a string",
                "0.1");
    }

    @Test
    void metadataValueNull() throws Exception {
        fails(file("{\"__metadata__\":{\"k\":null}}", new byte[0]), "entry 'k'", "null");
    }

    @Test
    void duplicateMetadataKey() throws Exception {
        fails(file("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", new byte[0]), "Duplicate", "'k'");
    }

    // ---------------------------------------------------------------- entries

    @Test
    void entryNotAnObject() throws Exception {
        failsEntry("42", "tensor 'w'", "must be an object", "number");
    }

    @Test
    void entryMissingDtype() throws Exception {
        failsEntry("{\"shape\":[2],\"data_offsets\":[0,8]}", "tensor 'w'", "'dtype'");
    }

    @Test
    void entryMissingShape() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"data_offsets\":[0,8]}", "tensor 'w'", "'shape'");
    }

    @Test
    void entryMissingDataOffsets() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2]}", "tensor 'w'", "'data_offsets'");
    }

    @Test
    void dtypeNotAString() throws Exception {
        failsEntry("{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}", "tensor 'w'", "dtype must be a string");
    }

    @Test
    void unknownDtype() throws Exception {
        failsEntry("{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}", "tensor 'w'", "'U8'",
                "not supported", "BF16");
    }

    @Test
    void shapeNotAnArray() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}", "tensor 'w'", "shape must be an array");
    }

    @Test
    void shapeWithANonInteger() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}", "tensor 'w'", "shape[0]", "2.5");
    }

    @Test
    void shapeWithAString() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[1,\"2\"],\"data_offsets\":[0,8]}", "tensor 'w'", "shape[1]");
    }

    @Test
    void shapeWithANegativeDimension() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}", "tensor 'w'", "shape[0]", "-2");
    }

    @Test
    void shapeWithAHugeDimension() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[123456789012345678901234567890],\"data_offsets\":[0,8]}",
                "tensor 'w'", "shape[0]", "123456789012345678901234567890");
    }

    @Test
    void shapeWhoseProductOverflows() throws Exception {
        // 2^31 * 2^31 * 4 wraps to 0 in 64-bit arithmetic; the element count must be caught first.
        failsEntry("{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,0]}",
                "tensor 'w'", "more than", "elements");
    }

    @Test
    void offsetsNotAnArray() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":8}", "tensor 'w'", "data_offsets must be",
                "2 non-negative integers");
    }

    @Test
    void offsetsWithThreeValues() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}", "tensor 'w'", "[0,4,8]");
    }

    @Test
    void offsetNotAnInteger() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,\"8\"]}", "tensor 'w'", "data_offsets[1]");
    }

    @Test
    void offsetNegative() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}", "tensor 'w'", "data_offsets[0]", "-8");
    }

    @Test
    void offsetBeyondLong() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}", "tensor 'w'",
                "data_offsets[1]", "99999999999999999999");
    }

    @Test
    void offsetsBeginAfterEnd() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}", "tensor 'w'", "[8, 0]", "begin > end");
    }

    @Test
    void offsetsPastTheEndOfTheData() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}", "tensor 'w'", "[0, 16]",
                "past the end", "8 bytes");
    }

    @Test
    void hugeOffsetsPastTheEndAreNotAllocated() throws Exception {
        failsEntry("{\"dtype\":\"F32\",\"shape\":[2000000000],\"data_offsets\":[0,8000000000]}", "tensor 'w'",
                "past the end");
    }

    @Test
    void byteCountDoesNotMatchDtypeAndShape() throws Exception {
        failsEntry("{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}", "tensor 'w'", "span 8 bytes",
                "F64", "needs 2 x 8 = 16 bytes");
    }

    @Test
    void overlappingTensors() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        fails(file(header, DATA8), "'b'", "[4, 8]", "overlap", "'a'", "[0, 8]");
    }

    @Test
    void identicalRangesOverlap() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        fails(file(header, DATA8), "overlap", "'a'", "'b'");
    }

    @Test
    void streamReaderReportsTheSameProblems() {
        byte[] bytes = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", DATA8);
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(new java.io.ByteArrayInputStream(bytes), "stream.safetensors"));
        assertTrue(e.getMessage().startsWith("stream.safetensors: tensor 'w'"), e.getMessage());
    }

    @Test
    void nullArgumentsAreIllegalArguments() {
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.read((Path) null));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.read((byte[]) null, "x"));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.read((java.io.InputStream) null, "x"));
    }

    @Test
    void missingFileIsAnIoErrorNamingIt() {
        Path p = dir.resolve("absent.safetensors");
        java.io.IOException e = assertThrows(java.nio.file.NoSuchFileException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("absent.safetensors"), e.getMessage());
    }
}
