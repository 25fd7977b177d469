package dev.rnn4j.onnx;

/**
 * A model, or a part of it, that cannot be exported to ONNX, or an export target that cannot be
 * written; the message names the layer, folder or file at fault.
 */
public final class OnnxExportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public OnnxExportException(String message) {
        super(message);
    }

    public OnnxExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
