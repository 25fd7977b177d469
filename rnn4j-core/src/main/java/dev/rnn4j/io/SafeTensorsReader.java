package dev.rnn4j.io;

import static dev.rnn4j.io.SafeTensors.MAX_HEADER_BYTES;
import static dev.rnn4j.io.SafeTensors.METADATA_KEY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reading half of {@link SafeTensors}: decodes safetensors content from a file, an array or a
 * stream into a {@link SafeTensorsFile}.
 *
 * <p>Everything is checked before it is allocated from: the header length against the source size
 * and {@link SafeTensors#MAX_HEADER_BYTES}, the header as strict UTF-8 and strict JSON (no
 * duplicate keys, nothing after the object), each entry's dtype, shape and {@code data_offsets}
 * (the element count at most {@link #MAX_ELEMENTS}, the byte count equal to elements times dtype
 * size, the range inside the data), and the ranges against each other (no overlap). Only then is a
 * tensor's array allocated and filled, through a bounded buffer, converting F16, BF16, I8, I32 and
 * I64 exactly (see {@link SafeTensors} for the dtype table). Every failure is a
 * {@link SafeTensorsFormatException} whose message starts with the source name.
 *
 * <p>Arguments arrive checked from {@link SafeTensors}: non-null, with the source already named.
 */
final class SafeTensorsReader {

    /** Largest element count of a tensor (the {@code int}-indexed array limit of {@code Shape}). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Largest integer magnitude float64 represents exactly (2^53). */
    static final long MAX_EXACT_INTEGER = 1L << 53;

    // Data moves through a buffer of this size, so memory beyond the result arrays stays small
    // whatever the file size; a multiple of every element size, so chunks never split an element.
    private static final int CHUNK_BYTES = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SafeTensorsReader() {
    }

    /** Element types that can be read; the names are the format's dtype strings. */
    enum StoredType {
        F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I8(1);

        final int bytes;

        StoredType(int bytes) {
            this.bytes = bytes;
        }

        /** The dtype of the tensor this type is read into. */
        DType target() {
            return this == F64 || this == I64 || this == I32 ? DType.F64 : DType.F32;
        }

        static StoredType parse(String name) {
            for (StoredType t : values()) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One validated header entry. */
    private record Entry(String name, StoredType type, int[] shape, int numel, long begin, long end) {
    }

    /** Random-access bytes: a file channel or an array. */
    private interface Source {
        /** Fills {@code dst} from {@code position}; the caller has checked the range. */
        void readFully(long position, ByteBuffer dst) throws IOException;
    }

    /** Reads the file at {@code path} through bounded channel reads; see {@link SafeTensors#read(Path)}. */
    static SafeTensorsFile read(Path path) throws IOException {
        String name = path.toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            return decode(name, size, (position, dst) -> {
                while (dst.hasRemaining()) {
                    int n = channel.read(dst, position);
                    if (n < 0) {
                        throw new SafeTensorsFormatException(name + ": file ended at byte " + position
                                + " although it was " + size + " bytes when opened (changed while reading?)");
                    }
                    position += n;
                }
            });
        }
    }

    /** Reads content held in memory, calling it {@code source} in messages; see {@link SafeTensors#read(byte[], String)}. */
    static SafeTensorsFile read(byte[] bytes, String source) throws SafeTensorsFormatException {
        try {
            return decode(source, bytes.length, (position, dst) -> dst.put(bytes, (int) position, dst.remaining()));
        } catch (SafeTensorsFormatException e) {
            throw e;
        } catch (IOException e) {
            // Unreachable: reading an array does no I/O and every failure is a format exception.
            throw new IllegalStateException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a stream to its end, calling it {@code source} in messages; see {@link SafeTensors#read(InputStream, String)}. */
    static SafeTensorsFile read(InputStream in, String source) throws IOException {
        int limit = Integer.MAX_VALUE - 8;
        // readNBytes grows its buffer as data arrives, so a short stream costs little.
        byte[] bytes = in.readNBytes(limit);
        if (bytes.length == limit && in.read() != -1) {
            throw new SafeTensorsFormatException(source + ": stream is longer than " + limit
                    + " bytes; read large files with SafeTensors.read(Path)");
        }
        return read(bytes, source);
    }

    private static SafeTensorsFile decode(String source, long size, Source in) throws IOException {
        if (size < 8) {
            throw new SafeTensorsFormatException(source + ": file is " + size
                    + " bytes, expected at least 8 (the header length prefix)");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        in.readFully(0, prefix);
        long headerLength = prefix.getLong(0); // unsigned: negative means >= 2^63
        long available = size - 8;
        if (headerLength == 0) {
            throw new SafeTensorsFormatException(source + ": header length is 0, expected a JSON object");
        }
        if (headerLength < 0 || headerLength > available) {
            throw new SafeTensorsFormatException(source + ": header length says " + Long.toUnsignedString(headerLength)
                    + " bytes but only " + available + " bytes follow the 8-byte prefix (file is " + size + " bytes)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(source + ": header length " + headerLength
                    + " bytes exceeds the limit of " + MAX_HEADER_BYTES);
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        in.readFully(8, headerBytes);
        headerBytes.flip();
        JsonNode root = parseHeader(source, headerBytes);

        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                parseMetadata(source, field.getValue(), metadata);
            } else {
                entries.add(parseEntry(source, field.getKey(), field.getValue(), dataLength));
            }
        }
        checkNoOverlap(source, entries);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> stored = new LinkedHashMap<>();
        for (Entry e : entries) {
            tensors.put(e.name(), readTensor(source, e, dataStart, in));
            stored.put(e.name(), e.type().name());
        }
        return new SafeTensorsFile(tensors, metadata, stored);
    }

    private static JsonNode parseHeader(String source, ByteBuffer bytes) throws SafeTensorsFormatException {
        // Decode strictly ourselves: Jackson would guess UTF-16/32 from the first bytes and
        // replace nothing, but its errors would not say "not UTF-8".
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.remaining()); // UTF-8 never has more chars than bytes
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            throw new SafeTensorsFormatException(source + ": header is not valid UTF-8 (bad byte at header offset "
                    + bytes.position() + ")");
        }
        chars.flip();
        JsonNode root;
        try {
            root = JSON.readTree(chars.toString());
        } catch (JsonProcessingException e) {
            throw new SafeTensorsFormatException(source + ": header is not valid JSON: " + e.getOriginalMessage()
                    + locationOf(e), e);
        }
        if (root == null || !root.isObject()) {
            String actual = root == null || root.isMissingNode() ? "empty" : nodeKind(root);
            throw new SafeTensorsFormatException(source + ": header must be a JSON object but is " + actual);
        }
        return root;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static void parseMetadata(String source, JsonNode node, Map<String, String> out)
            throws SafeTensorsFormatException {
        if (!node.isObject()) {
            throw new SafeTensorsFormatException(source + ": " + METADATA_KEY + " must be an object of strings but is "
                    + nodeKind(node));
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new SafeTensorsFormatException(source + ": " + METADATA_KEY + " entry '" + field.getKey()
                        + "' must be a string but is " + nodeKind(field.getValue()));
            }
            out.put(field.getKey(), field.getValue().textValue());
        }
    }

    private static Entry parseEntry(String source, String name, JsonNode node, long dataLength)
            throws SafeTensorsFormatException {
        String where = source + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new SafeTensorsFormatException(where + " must be an object with dtype, shape and data_offsets but is "
                    + nodeKind(node));
        }
        JsonNode dtypeNode = required(where, node, "dtype");
        if (!dtypeNode.isTextual()) {
            throw new SafeTensorsFormatException(where + ": dtype must be a string but is " + nodeKind(dtypeNode));
        }
        StoredType type = StoredType.parse(dtypeNode.textValue());
        if (type == null) {
            throw new SafeTensorsFormatException(where + ": dtype '" + dtypeNode.textValue()
                    + "' is not supported; expected one of " + Arrays.toString(StoredType.values()));
        }

        JsonNode shapeNode = required(where, node, "shape");
        if (!shapeNode.isArray()) {
            throw new SafeTensorsFormatException(where + ": shape must be an array of non-negative integers but is "
                    + nodeKind(shapeNode));
        }
        int[] shape = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.longValue() < 0
                    || dim.longValue() > MAX_ELEMENTS) {
                throw new SafeTensorsFormatException(where + ": shape[" + i + "] must be an integer in [0, "
                        + MAX_ELEMENTS + "] but is " + dim);
            }
            shape[i] = dim.intValue();
            // numel stays <= MAX_ELEMENTS before each step, and a dimension is at most that, so the
            // product fits in a long (< 2^62) and overflow past the int array limit is caught here.
            numel *= shape[i];
            if (numel > MAX_ELEMENTS) {
                throw new SafeTensorsFormatException(where + ": shape " + shapeNode + " has more than "
                        + MAX_ELEMENTS + " elements");
            }
        }

        JsonNode offsets = required(where, node, "data_offsets");
        if (!offsets.isArray() || offsets.size() != 2) {
            throw new SafeTensorsFormatException(where + ": data_offsets must be an array of 2 non-negative integers"
                    + " [begin, end] but is " + offsets);
        }
        long[] beginEnd = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode v = offsets.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new SafeTensorsFormatException(where + ": data_offsets[" + i
                        + "] must be a non-negative integer but is " + v);
            }
            beginEnd[i] = v.longValue();
        }
        long begin = beginEnd[0];
        long end = beginEnd[1];
        if (begin > end) {
            throw new SafeTensorsFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] has begin > end");
        }
        if (end > dataLength) {
            throw new SafeTensorsFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] run past the end of the data, which is " + dataLength + " bytes");
        }
        long expectedBytes = numel * type.bytes; // <= 8 * MAX_ELEMENTS: no overflow
        if (end - begin != expectedBytes) {
            throw new SafeTensorsFormatException(where + ": data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes but dtype " + type + " with shape " + shapeNode + " needs "
                    + numel + " x " + type.bytes + " = " + expectedBytes + " bytes");
        }
        return new Entry(name, type, shape, (int) numel, begin, end);
    }

    private static JsonNode required(String where, JsonNode node, String field) throws SafeTensorsFormatException {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new SafeTensorsFormatException(where + " has no '" + field + "' field");
        }
        return v;
    }

    private static String nodeKind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static void checkNoOverlap(String source, List<Entry> entries) throws SafeTensorsFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry prev = sorted.get(i - 1);
            Entry next = sorted.get(i);
            if (next.begin() < prev.end()) {
                throw new SafeTensorsFormatException(source + ": tensor '" + next.name() + "' data_offsets ["
                        + next.begin() + ", " + next.end() + "] overlap tensor '" + prev.name() + "' data_offsets ["
                        + prev.begin() + ", " + prev.end() + "]; expected disjoint ranges");
            }
        }
    }

    private static Tensor readTensor(String source, Entry e, long dataStart, Source in) throws IOException {
        boolean toFloat = e.type().target() == DType.F32;
        float[] f = toFloat ? new float[e.numel()] : null;
        double[] d = toFloat ? null : new double[e.numel()];
        long total = e.end() - e.begin();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, total)).order(ByteOrder.LITTLE_ENDIAN);
        long done = 0;
        int index = 0;
        while (done < total) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), total - done));
            in.readFully(dataStart + e.begin() + done, chunk);
            chunk.flip();
            int count = chunk.remaining() / e.type().bytes;
            switch (e.type()) {
                case F32 -> {
                    for (int i = 0; i < count; i++) {
                        f[index++] = Float.intBitsToFloat(chunk.getInt());
                    }
                }
                case F64 -> {
                    for (int i = 0; i < count; i++) {
                        d[index++] = Double.longBitsToDouble(chunk.getLong());
                    }
                }
                case F16 -> {
                    for (int i = 0; i < count; i++) {
                        f[index++] = halfToFloat(chunk.getShort());
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < count; i++) {
                        f[index++] = bfloat16ToFloat(chunk.getShort());
                    }
                }
                case I32 -> {
                    for (int i = 0; i < count; i++) {
                        d[index++] = chunk.getInt();
                    }
                }
                case I8 -> {
                    for (int i = 0; i < count; i++) {
                        f[index++] = chunk.get();
                    }
                }
                case I64 -> {
                    for (int i = 0; i < count; i++) {
                        long v = chunk.getLong();
                        if (v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER) {
                            throw new SafeTensorsFormatException(source + ": tensor '" + e.name() + "' element "
                                    + index + " is " + v + "; expected |value| <= 2^53 so that float64 holds it"
                                    + " exactly");
                        }
                        d[index++] = v;
                    }
                }
                default -> throw new IllegalStateException("unhandled dtype " + e.type());
            }
            done += chunk.limit();
        }
        return toFloat ? Tensor.of(f, e.shape()) : Tensor.of(d, e.shape());
    }

    /**
     * Converts IEEE 754 binary16 bits to the float32 of equal value (exact: every half value,
     * subnormals included, is a float32 normal; NaN payloads are kept in the high mantissa bits).
     */
    static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in float32
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** Converts bfloat16 bits (the high half of a float32) to that float32. */
    static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
