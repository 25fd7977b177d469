package dev.rnn4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, so PyTorch weights and the golden reference cases load without conversion.
 *
 * <h2>Format</h2>
 * <pre>
 *   [8 bytes]  N, the header length: unsigned 64-bit little-endian
 *   [N bytes]  UTF-8 JSON object:
 *              {"name": {"dtype": "F32", "shape": [7, 5], "data_offsets": [begin, end]}, ...,
 *               "__metadata__": {"key": "value", ...}}        (metadata optional, string values)
 *   [rest]     the data: each tensor's elements row-major, little-endian, at
 *              [begin, end) counted from the first byte after the header
 * </pre>
 *
 * <h2>Reading</h2>
 * Element types and the tensors they become:
 * <ul>
 *   <li>{@code F32} → float32, bit for bit (NaN payloads, -0.0 and subnormals included);
 *   <li>{@code F64} → float64, bit for bit;
 *   <li>{@code F16}, {@code BF16} → float32, exactly (every half and bfloat16 value, including
 *       subnormals, infinities and NaN payloads, is a float32 value);
 *   <li>{@code I32} → float64, exactly;
 *   <li>{@code I8} → float32, exactly (the int8 weights of a quantized model; {@link SafeTensorsFile#storedDtype}
 *       tells them from float ones);
 *   <li>{@code I64} → float64 when every element lies in [-2<sup>53</sup>, 2<sup>53</sup>], where
 *       float64 is exact; a larger magnitude is an error, not a silent rounding.
 * </ul>
 * Any other dtype is an error naming the tensor and the dtype.
 *
 * <p>Input is validated before anything is allocated from it: the header length against the
 * source size (so a lying length such as 2<sup>62</sup> fails fast), every entry's fields and
 * types, every offset pair against the data region, the byte count against dtype size times the
 * product of the shape (computed without overflow), and the tensors' ranges against each other
 * (overlap is an error). Gaps between tensors are accepted, although the reference writer never
 * leaves any. Duplicate JSON keys and trailing non-whitespace after the header object are
 * errors. Every problem is reported as a {@link SafeTensorsFormatException} whose message starts
 * with the file (or source) name and names the tensor or field with expected vs actual values.
 *
 * <h2>Writing</h2>
 * {@link #write(Path, Map, Map)} stores float32 tensors as {@code F32} and float64 ones as
 * {@code F64}; {@link #write(Path, Map, Map, Set)} also stores the named float32 tensors, whose
 * elements must be integers in [-128, 127], as {@code I8} (one byte each). Tensors go in the map's iteration order, contiguously, with the metadata first in the
 * header (sorted by key, so the bytes do not depend on the metadata map's order) and the header padded with spaces to a multiple of 8 bytes (as the reference writer
 * does, so the data starts 8-byte aligned). The file is replaced atomically.
 */
public final class SafeTensors {

    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The reserved header key holding string metadata. */
    public static final String METADATA_KEY = "__metadata__";

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

    private SafeTensors() {
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

    // ================================================================== reading

    /**
     * Reads a safetensors file.
     *
     * <p>The file is read through a {@link FileChannel} with bounded reads: the header is
     * allocated only after its length has been checked against the file size, and each tensor's
     * array only after its offsets, shape and byte count have been checked.
     *
     * @param path the file
     * @return the tensors (in header order) and metadata
     * @throws SafeTensorsFormatException if the content does not follow the format (the message
     *                                    names the file and the tensor or field)
     * @throws IOException                if the file cannot be read
     * @throws IllegalArgumentException   if {@code path} is null
     */
    public static SafeTensorsFile read(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
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

    /**
     * Reads safetensors content held in memory.
     *
     * @param bytes the whole content (not modified, not retained)
     * @param name  what to call the source in error messages, e.g. a resource name
     * @throws SafeTensorsFormatException if the content does not follow the format
     * @throws IllegalArgumentException   if {@code bytes} is null
     */
    public static SafeTensorsFile read(byte[] bytes, String name) throws SafeTensorsFormatException {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        String source = name == null ? "<bytes>" : name;
        try {
            return decode(source, bytes.length, (position, dst) -> dst.put(bytes, (int) position, dst.remaining()));
        } catch (SafeTensorsFormatException e) {
            throw e;
        } catch (IOException e) {
            // Unreachable: reading an array does no I/O and every failure is a format exception.
            throw new IllegalStateException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads safetensors content from a stream (to its end; the stream is not closed), e.g. a
     * class-path resource. The content must be smaller than 2 GiB; use {@link #read(Path)} for
     * larger files.
     *
     * @param in   the stream
     * @param name what to call the source in error messages
     * @throws SafeTensorsFormatException if the content does not follow the format or is too large
     * @throws IOException                if the stream cannot be read
     * @throws IllegalArgumentException   if {@code in} is null
     */
    public static SafeTensorsFile read(InputStream in, String name) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("input stream must not be null");
        }
        String source = name == null ? "<stream>" : name;
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

    // ================================================================== writing

    /**
     * Writes tensors without metadata; see {@link #write(Path, Map, Map)}.
     */
    public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
        write(path, tensors, Map.of());
    }

    /**
     * Writes tensors and metadata as a safetensors file, atomically.
     *
     * <p>Float32 tensors are stored as {@code F32}, float64 ones as {@code F64}, bit for bit, in
     * the iteration order of {@code tensors}, contiguously from offset 0; the header lists the
     * metadata first, sorted by key (omitted when empty), and is padded with spaces to a multiple of
     * 8 bytes. The same tensors (in the same order) and metadata give the same bytes.
     *
     * <p>The bytes go to a temporary file in the target's directory, which is forced to disk and
     * then moved over {@code path} with {@link StandardCopyOption#ATOMIC_MOVE}, so a crash leaves
     * either the old file or the complete new one under {@code path}, never a partial one. On
     * failure the temporary file is deleted. A file system without atomic moves fails with
     * {@link java.nio.file.AtomicMoveNotSupportedException} rather than writing non-atomically.
     *
     * @param path     the file to create or replace
     * @param tensors  tensors by name (names non-null and not {@value #METADATA_KEY})
     * @param metadata string metadata (keys and values non-null; may be empty)
     * @throws IllegalArgumentException if an argument, name, tensor, key or value is null or a
     *                                  name is reserved
     * @throws IOException              if writing fails (the target is then unchanged)
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(path, tensors, metadata, Set.of());
    }

    /**
     * As {@link #write(Path, Map, Map)}, storing the tensors named in {@code int8} as {@code I8}: each
     * must be float32 with every element an integer in [-128, 127] (the int8 weights of a quantized
     * model), and takes one byte per element.
     *
     * @throws IllegalArgumentException as for {@code write}, or if a name in {@code int8} is not a
     *                                  tensor of the map, or one of its elements is not such an integer
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, Set<String> int8)
            throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        byte[] header = encodeHeader(tensors, metadata, int8);
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        // what a write killed before its move left here
        TemporarySiblings.removeStale(target);
        // Not Files.createTempFile: on POSIX it makes the file owner-only (0600), and the
        // final file should get the same permissions as any other new file.
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                writeBody(channel, header, tensors, int8);
                channel.force(true);
            } catch (IOException e) {
                throw WriteErrors.naming(temp, e); // a full disk: the JDK's message names no file
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        syncDirectory(dir);
    }

    /**
     * The bytes {@link #write(Path, Map, Map)} would write, for in-memory use (the content must
     * be smaller than 2 GiB).
     *
     * @throws IllegalArgumentException as for {@code write}, or if the content exceeds 2 GiB
     */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return toBytes(tensors, metadata, Set.of());
    }

    /**
     * The bytes {@link #write(Path, Map, Map, Set)} would write (smaller than 2 GiB).
     *
     * @throws IllegalArgumentException as for that {@code write}, or if the content exceeds 2 GiB
     */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata, Set<String> int8) {
        byte[] header = encodeHeader(tensors, metadata, int8);
        long total = 8L + header.length;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            total += (long) e.getValue().numel() * bytesPerElement(e.getValue(), int8.contains(e.getKey()));
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("content would be " + total
                    + " bytes, more than a byte array holds; write to a file instead");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        try {
            writeBody(Channels.newChannel(out), header, tensors, int8);
        } catch (IOException e) {
            // Unreachable: a ByteArrayOutputStream does not fail.
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static int bytesPerElement(Tensor t, boolean int8) {
        return int8 ? 1 : t.dtype() == DType.F32 ? 4 : 8;
    }

    /** The padded header bytes (without the length prefix); validates the arguments. */
    private static byte[] encodeHeader(Map<String, Tensor> tensors, Map<String, String> metadata, Set<String> int8) {
        if (tensors == null) {
            throw new IllegalArgumentException("tensors must not be null");
        }
        if (int8 == null) {
            throw new IllegalArgumentException("int8 must not be null (pass an empty set)");
        }
        for (String name : int8) {
            checkInt8(name, tensors.get(name));
        }
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must not be null (pass an empty map)");
        }
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            List<Map.Entry<String, String>> entries = new ArrayList<>(metadata.entrySet());
            for (Map.Entry<String, String> m : entries) {
                if (m.getKey() == null || m.getValue() == null) {
                    throw new IllegalArgumentException("metadata entry " + m.getKey() + " = " + m.getValue()
                            + ": keys and values must not be null");
                }
            }
            // Sorted by key: the same metadata gives the same bytes whatever the map's iteration
            // order (Map.of's changes from one JVM run to the next).
            entries.sort(Map.Entry.comparingByKey());
            for (Map.Entry<String, String> m : entries) {
                meta.put(m.getKey(), m.getValue());
            }
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null) {
                throw new IllegalArgumentException("tensor names must not be null");
            }
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name '" + METADATA_KEY + "' is reserved for metadata");
            }
            if (t == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            boolean asInt8 = int8.contains(name);
            long bytes = (long) t.numel() * bytesPerElement(t, asInt8);
            ObjectNode info = root.putObject(name);
            info.put("dtype", asInt8 ? "I8" : t.dtype() == DType.F32 ? "F32" : "F64");
            ArrayNode shape = info.putArray("shape");
            for (int dim : t.shape()) {
                shape.add(dim);
            }
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            // Unreachable: a tree of strings and numbers always serialises.
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /** Checks that {@code t} can be stored as I8: float32, every element an integer in [-128, 127]. */
    private static void checkInt8(String name, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("int8: tensor '" + name + "' is not among the tensors to write");
        }
        if (t.dtype() != DType.F32) {
            throw new IllegalArgumentException("int8: tensor '" + name + "' must be float32 to store as I8, got "
                    + t.dtype());
        }
        float[] f = t.f();
        for (int i = 0; i < t.numel(); i++) {
            if (!(f[i] >= -128f && f[i] <= 127f && f[i] == Math.rint(f[i]))) {
                throw new IllegalArgumentException("int8: tensor '" + name + "' element " + i + " is " + f[i]
                        + "; expected an integer in [-128, 127]");
            }
        }
    }

    private static void writeBody(WritableByteChannel out, byte[] header, Map<String, Tensor> tensors,
                                  Set<String> int8) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        prefix.flip();
        writeFully(out, prefix);
        writeFully(out, ByteBuffer.wrap(header));
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor t = entry.getValue();
            boolean asInt8 = int8.contains(entry.getKey());
            float[] f = t.f();
            double[] d = t.d();
            int n = t.numel();
            int i = 0;
            while (i < n) {
                chunk.clear();
                if (asInt8) {
                    int stop = Math.min(n, i + CHUNK_BYTES);
                    for (; i < stop; i++) {
                        chunk.put((byte) f[i]); // an integer in [-128, 127] (checkInt8)
                    }
                } else if (t.dtype() == DType.F32) {
                    int stop = Math.min(n, i + CHUNK_BYTES / 4);
                    for (; i < stop; i++) {
                        chunk.putInt(Float.floatToRawIntBits(f[i])); // raw: keeps NaN payloads
                    }
                } else {
                    int stop = Math.min(n, i + CHUNK_BYTES / 8);
                    for (; i < stop; i++) {
                        chunk.putLong(Double.doubleToRawLongBits(d[i]));
                    }
                }
                chunk.flip();
                writeFully(out, chunk);
            }
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /**
     * Forces the directory entry of the renamed file to disk, so the rename itself survives a
     * power loss. Opening a directory for reading works on Linux and macOS; where it does not
     * (Windows), the rename is already durable through the file system, so failure is ignored.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // See the Javadoc: not every platform can open a directory; the data file is complete.
        }
    }
}
