package dev.rnn4j.server;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON codecs the server knows, by the {@code task} of the model folders they serve. */
public final class PredictionCodecs {

    private static final Map<String, PredictionCodec<?, ?>> BY_TASK = new TreeMap<>();

    static {
        for (PredictionCodec<?, ?> codec : List.of(new ClassifierCodec(), new ForecastCodec(), new LanguageModelCodec(),
                new TranslationCodec())) {
            BY_TASK.put(codec.task(), codec);
        }
    }

    private PredictionCodecs() {
    }

    /**
     * The codec of {@code task}.
     *
     * @throws IllegalArgumentException if the server has none (the message lists those it has)
     */
    public static PredictionCodec<?, ?> forTask(String task) {
        PredictionCodec<?, ?> codec = BY_TASK.get(task);
        if (codec == null) {
            throw new IllegalArgumentException("task: the server has no JSON codec for models of task \"" + task
                    + "\" (it serves: " + String.join(", ", BY_TASK.keySet()) + ")");
        }
        return codec;
    }

    /** The tasks the server can serve. */
    public static List<String> tasks() {
        return List.copyOf(BY_TASK.keySet());
    }
}
