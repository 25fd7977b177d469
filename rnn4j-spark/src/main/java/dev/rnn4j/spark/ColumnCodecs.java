package dev.rnn4j.spark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@link ColumnCodec}s this module knows, by the {@code task} of the model folders they map. */
final class ColumnCodecs {

    private static final Map<String, ColumnCodec<?, ?>> BY_TASK = new TreeMap<>();

    static {
        for (ColumnCodec<?, ?> codec : List.of(new TextClassificationColumns(), new ForecastColumns())) {
            BY_TASK.put(codec.task(), codec);
        }
    }

    private ColumnCodecs() {
    }

    /**
     * The codec of {@code task}.
     *
     * @throws IllegalArgumentException if there is none (the message lists the tasks there are)
     */
    static ColumnCodec<?, ?> forTask(String task) {
        ColumnCodec<?, ?> codec = BY_TASK.get(task);
        if (codec == null) {
            throw new IllegalArgumentException("task: no Spark columns for models of task \"" + task
                    + "\" (supported: " + String.join(", ", BY_TASK.keySet()) + ")");
        }
        return codec;
    }
}
