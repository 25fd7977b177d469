/**
 * Reading and writing tensors in the safetensors format.
 *
 * <p>{@link dev.rnn4j.io.SafeTensors#read(java.nio.file.Path)} returns a
 * {@link dev.rnn4j.io.SafeTensorsFile} (tensors in header order plus string metadata);
 * {@link dev.rnn4j.io.SafeTensors#write(java.nio.file.Path, java.util.Map, java.util.Map)} writes
 * float32/float64 tensors atomically. Malformed input is reported as a
 * {@link dev.rnn4j.io.SafeTensorsFormatException} naming the file and the tensor or field; it is
 * validated before anything is allocated from it, so a hostile file cannot trigger huge
 * allocations or array index errors. PyTorch weights (F32, F64, F16, BF16, I32, I64) and the
 * golden reference cases load without conversion.
 */
package dev.rnn4j.io;
