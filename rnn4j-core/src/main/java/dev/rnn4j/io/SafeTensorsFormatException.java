package dev.rnn4j.io;

import java.io.IOException;

/**
 * A safetensors file (or byte array) that does not follow the format: too short, a header that
 * is not a JSON object of well-formed entries, offsets outside the data or overlapping, a byte
 * count that does not match dtype and shape, an unsupported dtype.
 *
 * <p>The message always starts with the source's name (the file path, or the name given to
 * {@link SafeTensors#read(byte[], String)}) and names the offending tensor or field with the
 * expected and the actual value.
 */
public class SafeTensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public SafeTensorsFormatException(String message) {
        super(message);
    }

    public SafeTensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
