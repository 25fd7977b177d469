/**
 * Reading and writing tensors in the safetensors format.
 *
 * <p>{@link dev.rnn4j.io.SafeTensors#read(java.nio.file.Path)} returns a
 * {@link dev.rnn4j.io.SafeTensorsFile} (tensors in header order plus string metadata);
 * {@link dev.rnn4j.io.SafeTensors#write(java.nio.file.Path, java.util.Map, java.util.Map)} writes
 * float32/float64 tensors atomically. Malformed input is reported as a
 * {@link dev.rnn4j.io.SafeTensorsFormatException} naming the file and the tensor or field; it is
 * validated before anything is allocated from it, so a hostile file cannot trigger huge
 * allocations or array index errors. PyTorch weights (F32, F64, F16, BF16, I32, I64, I8) and the
 * golden reference cases load without conversion. {@code SafeTensors} is the entry point; the
 * package-private {@code SafeTensorsReader} (decoding and validation) and {@code SafeTensorsWriter}
 * (encoding and the atomic file replace) do the work.
 *
 * <p>Quantized models ({@code dev.rnn4j.quant}) store each int8 weight under its PyTorch name with
 * dtype {@code I8} and shape (rows, cols), and its scales, one per row, under the name followed by
 * {@code .scale} with dtype {@code F32} and shape (rows): e.g. {@code rnn.weight_ih_l0} (I8, (4H, I))
 * and {@code rnn.weight_ih_l0.scale} (F32, (4H)); row r stands for {@code w[r, :] · scale[r]}.
 * {@link dev.rnn4j.io.SafeTensorsFile#storedDtype} tells an I8 tensor (read as float32 integers)
 * from a float one.
 *
 * <p>{@link dev.rnn4j.io.ReplaceFile} replaces a small file (a model folder's {@code config.json}) through a
 * temporary sibling and a move, so that no reader sees it half written. {@link dev.rnn4j.io.TemporarySiblings}
 * names those temporary siblings and removes the ones a killed write left; both writers call it first.
 * {@link dev.rnn4j.io.WriteErrors} makes a failed write (a full disk) name its file.
 */
package dev.rnn4j.io;
