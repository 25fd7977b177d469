package dev.rnn4j.onnx;

import com.google.protobuf.ByteString;
import dev.rnn4j.onnx.proto.OnnxProto.AttributeProto;
import dev.rnn4j.onnx.proto.OnnxProto.GraphProto;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.NodeProto;
import dev.rnn4j.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.rnn4j.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.rnn4j.onnx.proto.OnnxProto.TensorProto;
import dev.rnn4j.onnx.proto.OnnxProto.TensorShapeProto;
import dev.rnn4j.onnx.proto.OnnxProto.TypeProto;
import dev.rnn4j.onnx.proto.OnnxProto.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ONNX graph under construction: weights become initializers, operators become nodes, and
 * every intermediate value gets a unique name. {@link #model} wraps it in a model at
 * {@link #OPSET} of the default domain.
 *
 * <p>Tensors are written as little-endian {@code raw_data}, as the format prescribes.
 */
final class OnnxGraph {

    /** The ONNX operator set every exported model imports (the default domain). */
    static final int OPSET = 17;
    /** The IR version that goes with {@link #OPSET} 17. */
    static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> counters = new LinkedHashMap<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A new value name {@code prefix_k}, unique in this graph. */
    String fresh(String prefix) {
        int k = counters.merge(prefix, 1, Integer::sum) - 1;
        return prefix + "_" + k;
    }

    /** Adds a float initializer of shape {@code dims} and returns its name. */
    String floats(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalStateException(name + ": " + values.length + " values for shape "
                    + java.util.Arrays.toString(dims));
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, dims).setRawData(ByteString.copyFrom(bytes)));
        return name;
    }

    /** Adds an int64 initializer of shape {@code dims} (empty for a scalar) and returns its name. */
    String longs(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.INT64, dims).setRawData(ByteString.copyFrom(bytes)));
        return name;
    }

    private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    /**
     * Adds a node of the default domain and returns it for attributes; its outputs are named by
     * the caller.
     */
    NodeProto.Builder node(String opType, String[] inputs, String... outputs) {
        NodeProto.Builder n = graph.addNodeBuilder().setOpType(opType).setName(fresh(opType));
        for (String in : inputs) {
            n.addInput(in);
        }
        for (String out : outputs) {
            n.addOutput(out);
        }
        return n;
    }

    /** Adds a one-output node and returns the name of its output, {@code opType_k}. */
    String op(String opType, String... inputs) {
        String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        node(opType, inputs, out);
        return out;
    }

    /** A one-output node with one integer-list attribute (axes, perm), returning its output. */
    String op(String opType, String attribute, long[] values, String... inputs) {
        String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        node(opType, inputs, out).addAttribute(ints(attribute, values));
        return out;
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    /**
     * Declares a graph input or output of element type {@code type} whose dimensions are either
     * a {@code Long} (fixed) or a {@code String} (a named dynamic axis such as {@code "batch"}).
     */
    static ValueInfoProto value(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String s) {
                shape.addDimBuilder().setDimParam(s);
            } else {
                shape.addDimBuilder().setDimValue(((Number) d).longValue());
            }
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    void input(ValueInfoProto value) {
        graph.addInput(value);
    }

    void output(ValueInfoProto value) {
        graph.addOutput(value);
    }

    /** The finished model: this graph, {@link #OPSET}, the producer and {@code metadata} as properties. */
    ModelProto model(String docString, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("rnn4j")
                .setDocString(docString)
                .setGraph(graph);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.build();
    }
}
