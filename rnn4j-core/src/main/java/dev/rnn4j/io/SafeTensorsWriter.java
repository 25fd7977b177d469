package dev.rnn4j.io;

import static dev.rnn4j.io.SafeTensors.METADATA_KEY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The writing half of {@link SafeTensors}: encodes tensors and metadata as safetensors bytes, into
 * a file replaced atomically or into an array.
 *
 * <p>{@code encodeHeader} validates the arguments and builds the header (metadata first, sorted by
 * key; then each tensor's dtype, shape and contiguous {@code data_offsets} in the map's order;
 * padded with spaces to a multiple of 8 bytes). {@code writeBody} writes the length prefix, the
 * header and each tensor's elements, little-endian and raw (NaN payloads kept), through a bounded
 * buffer. {@link #write} puts those bytes in a temporary sibling, forces it to disk, moves it over
 * the target and forces the directory, so a crash leaves the old file or the new one.
 *
 * <p>The path arrives checked from {@link SafeTensors}; the maps and set are checked here.
 */
final class SafeTensorsWriter {

    // Elements move through a buffer of this size, so memory beyond the tensors stays small
    // whatever the file size.
    private static final int CHUNK_BYTES = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SafeTensorsWriter() {
    }

    /** Writes {@code tensors} and {@code metadata} to {@code path} atomically; see {@link SafeTensors#write(Path, Map, Map, Set)}. */
    static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, Set<String> int8)
            throws IOException {
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

    /** The bytes {@link #write} would write; see {@link SafeTensors#toBytes(Map, Map, Set)}. */
    static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata, Set<String> int8) {
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
