/**
 * The ONNX model format's messages ({@code OnnxProto.ModelProto}, {@code GraphProto},
 * {@code NodeProto}, {@code TensorProto}, ...), generated at build time by protoc from
 * {@code src/main/protobuf/onnx/onnx.proto}, the subset of ONNX's published schema that export
 * writes (its header names the source and the licence).
 */
package dev.rnn4j.onnx.proto;
