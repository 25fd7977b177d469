package dev.rnn4j.io;

import dev.rnn4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>This class is the entry point: it checks its arguments and hands reading to
 * {@link SafeTensorsReader} and writing to {@link SafeTensorsWriter}.
 */
public final class SafeTensors {

    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The reserved header key holding string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private SafeTensors() {
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
        return SafeTensorsReader.read(path);
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
        return SafeTensorsReader.read(bytes, source);
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
        return SafeTensorsReader.read(in, source);
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
        SafeTensorsWriter.write(path, tensors, metadata, int8);
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
        return SafeTensorsWriter.toBytes(tensors, metadata, int8);
    }
}
