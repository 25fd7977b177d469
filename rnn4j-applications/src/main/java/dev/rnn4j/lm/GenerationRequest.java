package dev.rnn4j.lm;

/**
 * What to generate ({@link LanguageModel#generate}).
 *
 * <p>Each step turns the model's logits z over the vocabulary into the next character: greedy takes the most
 * likely one; otherwise the probabilities softmax(z / temperature) are cut to the {@code topK} most likely
 * characters (when {@code topK > 0}), then to the smallest set of most likely characters whose probabilities sum
 * to at least {@code topP} (nucleus sampling, Holtzman et al. 2020), renormalised and sampled. The unknown symbol
 * is never produced.
 *
 * @param prime         the text the model reads first, at least one character; for a character model every one in
 *                      the vocabulary (a character the model never saw is an error that names it, not an unknown
 *                      symbol); a BPE model reads any text, tokenised with its BPE
 * @param length        tokens generated after the prime (characters, or subwords of a BPE model), at least 1
 * @param temperature   divides the logits before sampling, finite and > 0 (below 1 sharper, above 1 flatter)
 * @param topK          keep the k most likely characters, 0 for all
 * @param topP          keep the most likely characters up to this much probability, in (0, 1] (1 keeps all)
 * @param greedy        take the most likely character at every step (temperature, topK and topP are then unused)
 * @param seed          the random numbers of sample i come from a generator seeded by (seed, i), so a sample is
 *                      the same whether generated alone or with others
 * @param samples       independent continuations generated together in one batch, at least 1
 * @param probabilities also return p(character | text before it) of every generated character (the model's own
 *                      probability at temperature 1, before any cut)
 */
public record GenerationRequest(String prime, int length, double temperature, int topK, double topP, boolean greedy,
                                long seed, int samples, boolean probabilities) {

    /** @throws IllegalArgumentException for a value outside its range (the message names it) */
    public GenerationRequest {
        if (prime == null || prime.isEmpty()) {
            throw new IllegalArgumentException("prime: expected at least one character to start from (for example a"
                    + " newline), got " + (prime == null ? "null" : "an empty text"));
        }
        if (length < 1) {
            throw new IllegalArgumentException("length: expected at least 1 character to generate, got " + length);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature: expected a finite number > 0, got " + temperature
                    + " (for the most likely character at every step use greedy decoding)");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k: expected >= 0 (0 keeps every character), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p: expected a probability in (0, 1] (1 keeps every character), got "
                    + topP);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples: expected at least 1, got " + samples);
        }
    }

    /** Sampling at temperature 1 from the full distribution: one sample, seed 0, no probabilities. */
    public static GenerationRequest of(String prime, int length) {
        return new GenerationRequest(prime, length, 1.0, 0, 1.0, false, 0, 1, false);
    }
}
