package dev.rnn4j.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.recurrent.RecurrentStepper;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained language model: its {@link TokenVocabulary} (characters, or BPE subwords) and
 * {@link LanguageModelNetwork}, which scores texts ({@link #evaluate}) and generates them ({@link #generate}); a
 * {@link Predictor} from a {@link GenerationRequest} to a {@link Generation}.
 *
 * <p>Generation reads the prime one token at a time through a {@link RecurrentStepper} (one step of every
 * layer per token, all samples of the request side by side as one batch), then repeats: the decoder's logits
 * from the last layer's state, the next token of every sample ({@link GenerationRequest} says how), and that
 * token fed back. The generated text can be streamed to a {@link Listener} as it is produced: a character at a
 * time, or for a BPE model a decoded subword at a time.
 *
 * <p>Saved as a folder ({@link #save}): {@code weights.safetensors} with PyTorch's names ({@code encoder.weight},
 * {@code rnn.weight_ih_l0}, ..., {@code decoder.weight}, {@code decoder.bias}) and {@code config.json} with
 * {@code "task": "language-model"}, the network settings, the vocabulary and a training summary; a BPE model
 * also {@code bpe.json}.
 *
 * <p>Immutable and safe to use from several threads at once: the network stays in evaluation mode, and a call
 * only reads its parameters and writes to a stepper, scratch arrays and generators of its own. A request gives the
 * same text every time (its seed fixes the random numbers).
 */
public final class LanguageModel implements Predictor<GenerationRequest, Generation> {

    /** The {@code task} of a language model's {@code config.json}. */
    public static final String TASK = "language-model";
    /** The version of the model folder's layout. */
    public static final int FORMAT = 1;

    /** Receives generated text as it is produced. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param sample      the sample's index in the request
         * @param characters  the text just generated, never empty: one code point for a character model; a decoded
         *                    subword for a BPE model (byte tokens come out once they complete a character)
         */
        void onCharacter(int sample, String characters);
    }

    private final TokenVocabulary vocabulary;
    private final LanguageModelNetwork network;
    private final ObjectNode trainingInfo;

    LanguageModel(TokenVocabulary vocabulary, LanguageModelNetwork network, ObjectNode trainingInfo) {
        if (vocabulary.size() != network.config().vocabulary()) {
            throw new IllegalArgumentException("vocabulary: expected " + network.config().vocabulary() + " ids (the"
                    + " network's), got " + vocabulary.size());
        }
        this.vocabulary = vocabulary;
        this.network = network;
        this.trainingInfo = trainingInfo;
        network.eval(); // from here on only read, so calls can run in parallel
    }

    /**
     * Trains a model on {@code trainText}, keeping the weights of the epoch with the lowest loss on
     * {@code validationText} ({@link LanguageModelTrainer}).
     *
     * @param vocabulary usually {@code CharVocabulary.of(trainText)}, or {@code BpeVocabulary.learn(trainText, n)}
     * @param config     the network; its vocabulary size must be the vocabulary's
     * @throws IllegalArgumentException for a text too short (under 2 tokens, or under one window per stream
     *                                  for training) or settings that do not fit together
     * @throws IOException              if a checkpoint cannot be written or resumed
     */
    public static LanguageModel train(TokenVocabulary vocabulary, String trainText, String validationText,
                                      LanguageModelConfig config, LanguageModelTraining training) throws IOException {
        return LanguageModelTrainer.train(vocabulary, trainText, validationText, config, training);
    }

    /**
     * Loads a folder written by {@link #save}.
     *
     * @throws IllegalArgumentException if the folder is missing, holds another application's model, or its files
     *                                  are malformed (the message names the file)
     * @throws UncheckedIOException     if a file exists but cannot be read
     */
    public static LanguageModel load(Path folder) {
        try {
            return LanguageModelFolder.load(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot read the model: " + e.getMessage(), e);
        }
    }

    /** Writes the model folder (created if needed). */
    public void save(Path folder) throws IOException {
        LanguageModelFolder.save(this, folder);
    }

    /** The ids the model reads and predicts: a {@link CharVocabulary} or a {@link BpeVocabulary}. */
    public TokenVocabulary vocabulary() {
        return vocabulary;
    }

    public LanguageModelNetwork network() {
        return network;
    }

    public LanguageModelConfig config() {
        return network.config();
    }

    /** The training summary saved with the model (epochs, steps, best validation loss, loss per epoch), or null. */
    public JsonNode trainingInfo() {
        return trainingInfo == null ? null : trainingInfo.deepCopy();
    }

    ObjectNode trainingInfoNode() {
        return trainingInfo;
    }

    /**
     * Scores {@code text} in nats per token, bits per character and perplexity: the text read as
     * {@link Scoring} does (up to {@value Scoring#MAX_STREAMS} contiguous streams, the state carried across
     * windows of {@code window} steps). For a character model characters outside the vocabulary are read as the
     * unknown symbol and counted; a BPE model encodes every text.
     *
     * @throws IllegalArgumentException if the text has fewer than 2 tokens or {@code window < 1}
     */
    public Evaluation evaluate(String text, int window) {
        if (text == null) {
            throw new IllegalArgumentException("text: expected a text to score, got null");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window: expected at least 1, got " + window);
        }
        int[] ids = vocabulary.encode(text);
        long unknown = java.util.Arrays.stream(ids).filter(id -> id == TokenVocabulary.UNKNOWN).count();
        return Scoring.score(network, vocabulary, ids, window, unknown);
    }

    /** {@link #generate(GenerationRequest, Listener)} without a listener. */
    public Generation generate(GenerationRequest request) {
        return generate(request, null);
    }

    /**
     * Generates {@code request.samples()} continuations of the prime in one batch.
     *
     * @param listener told the text of every token as soon as it is chosen and decodes to text (in sample order
     *                 within a step), or null
     * @throws IllegalArgumentException if the prime holds a character outside a character model's vocabulary (the
     *                                  message names it); a BPE model reads any prime
     */
    public Generation generate(GenerationRequest request, Listener listener) {
        if (request == null) {
            throw new IllegalArgumentException("request: expected a generation request, got null");
        }
        int[] prime = vocabulary.encodeKnown(request.prime(), "prime");
        LanguageModelConfig c = network.config();
        int samples = request.samples();
        int e = c.embedding();
        int h = c.hidden();
        int v = c.vocabulary();
        float[] embedding = floats(network.embeddingWeight()); // (V, E)
        float[] weight = floats(network.decoderWeight());      // (V, H)
        float[] bias = floats(network.decoderBias());          // (V)
        RecurrentStepper stepper = new RecurrentStepper(network.rnn(), samples);
        float[] x = new float[samples * e];                    // (S, E)
        float[] logits = new float[samples * v];               // (S, V)
        float[] state = null;                                  // (S, H), the last layer's
        for (int id : prime) {
            for (int s = 0; s < samples; s++) {
                System.arraycopy(embedding, id * e, x, s * e, e);
            }
            state = stepper.step(x);
        }
        Rng[] rngs = new Rng[samples];
        long base = new Rng(request.seed()).nextLong();
        for (int s = 0; s < samples; s++) {
            rngs[s] = new Rng(base + 0x9E3779B97F4A7C15L * (s + 1));
        }
        Sampler sampler = new Sampler(request, v);
        StringBuilder[] texts = new StringBuilder[samples];
        List<List<String>> pieces = new ArrayList<>(samples);
        TokenVocabulary.Decoder[] decoders = new TokenVocabulary.Decoder[samples];
        double[][] probabilities = new double[samples][];
        for (int s = 0; s < samples; s++) {
            texts[s] = new StringBuilder();
            pieces.add(new ArrayList<>(request.length()));
            decoders[s] = vocabulary.decoder();
            probabilities[s] = request.probabilities() ? new double[request.length()] : null;
        }
        int[] next = new int[samples];
        for (int step = 0; step < request.length(); step++) {
            decode(state, weight, bias, logits, samples, h, v);
            for (int s = 0; s < samples; s++) {
                next[s] = sampler.next(logits, s * v, rngs[s]);
                String ch = decoders[s].next(next[s]);
                texts[s].append(ch);
                pieces.get(s).add(ch);
                if (probabilities[s] != null) {
                    probabilities[s][step] = sampler.lastProbability();
                }
                if (listener != null && !ch.isEmpty()) {
                    listener.onCharacter(s, ch);
                }
            }
            if (step + 1 < request.length()) {
                for (int s = 0; s < samples; s++) {
                    System.arraycopy(embedding, next[s] * e, x, s * e, e);
                }
                state = stepper.step(x);
            }
        }
        List<Generation.Sample> out = new ArrayList<>(samples);
        for (int s = 0; s < samples; s++) {
            String tail = decoders[s].finish(); // bytes of a character the length cut short
            if (!tail.isEmpty()) {
                texts[s].append(tail);
                List<String> p = pieces.get(s);
                p.set(p.size() - 1, p.get(p.size() - 1) + tail);
                if (listener != null) {
                    listener.onCharacter(s, tail);
                }
            }
            out.add(new Generation.Sample(texts[s].toString(), probabilities[s], pieces.get(s)));
        }
        return new Generation(request.prime(), out);
    }

    // logits (S, V) = state (S, H) · weightᵀ (H, V) + bias
    private static void decode(float[] state, float[] weight, float[] bias, float[] logits, int samples, int h,
                               int v) {
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < v; j++) {
                float sum = 0;
                int w = j * h;
                int o = s * h;
                for (int k = 0; k < h; k++) {
                    sum += weight[w + k] * state[o + k];
                }
                logits[s * v + j] = sum + bias[j];
            }
        }
    }

    private static float[] floats(Tensor t) {
        return t.f() != null ? t.f() : t.toFloatArray();
    }

    @Override
    public ModelInfo describe() {
        LanguageModelConfig c = network.config();
        Map<String, Object> settings = new LinkedHashMap<>();
        if (vocabulary instanceof BpeVocabulary bpe) {
            settings.put("tokens", bpe.unit());
            settings.put("subwords", bpe.size() - 1);
            settings.put("merges", bpe.merges());
        } else {
            settings.put("characters", vocabulary.size() - 1);
        }
        settings.put("cell", c.cell());
        settings.put("embedding", c.embedding());
        settings.put("hidden", c.hidden());
        settings.put("layers", c.layers());
        settings.put("tie_weights", c.tieWeights());
        settings.put("parameters", network.parameterCount());
        String token = vocabulary instanceof BpeVocabulary ? "subword" : "character";
        return new ModelInfo(TASK, "a generation request: a priming text" + (vocabulary instanceof BpeVocabulary ? ""
                : " of known characters") + ", a length in " + token + "s, and how to choose each " + token
                + " (greedy, or temperature, top-k, top-p with a seed), and how many samples",
                "the generated continuations of the prime, with the probability of each " + token + " on request",
                settings);
    }

    /** {@link #generate(GenerationRequest)}. */
    @Override
    public Generation predict(GenerationRequest input) {
        return generate(input);
    }

    /** Each request generated in turn (a request's own samples form one batch). */
    @Override
    public List<Generation> predictBatch(List<GenerationRequest> inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs: expected a list of generation requests, got null");
        }
        List<Generation> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new IllegalArgumentException("inputs[" + i + "]: expected a generation request, got null");
            }
            try {
                out.add(generate(inputs.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("inputs[" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        LanguageModelConfig c = network.config();
        return "LanguageModel[" + c.cell() + " " + c.layers() + " x " + c.hidden() + ", embedding " + c.embedding()
                + (c.tieWeights() ? " (tied)" : "") + ", " + (vocabulary.size() - 1)
                + (vocabulary instanceof BpeVocabulary bpe ? " BPE subwords (" + bpe.merges() + " merges)"
                : " characters") + ", "
                + network.parameterCount() + " parameters]";
    }
}
