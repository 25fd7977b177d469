package dev.rnn4j.lm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link LanguageModel#generate} returns: the prime and one continuation per requested sample.
 *
 * @param prime   the priming text
 * @param samples the continuations, in sample order
 */
public record Generation(String prime, List<Sample> samples) {

    public Generation {
        Objects.requireNonNull(prime, "prime");
        samples = List.copyOf(samples);
    }

    /**
     * One continuation.
     *
     * @param text          the generated text (without the prime)
     * @param probabilities p(token | everything before it) of each generated token (a character, or a subword of
     *                      a BPE model), or null when not requested
     * @param pieces        the text of each generated token, in order; they concatenate to {@code text}. A
     *                      character model's pieces are its characters; a BPE model's are decoded subwords, with
     *                      "" for a byte token that a later one completes into a character
     */
    public record Sample(String text, double[] probabilities, List<String> pieces) {

        public Sample {
            Objects.requireNonNull(text, "text");
            probabilities = probabilities == null ? null : probabilities.clone();
            pieces = List.copyOf(pieces);
        }

        @Override
        public double[] probabilities() {
            return probabilities == null ? null : probabilities.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sample s && text.equals(s.text) && Arrays.equals(probabilities, s.probabilities)
                    && pieces.equals(s.pieces);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * text.hashCode() + Arrays.hashCode(probabilities)) + pieces.hashCode();
        }

        @Override
        public String toString() {
            return "Sample[" + text + (probabilities == null ? "" : ", " + probabilities.length + " probabilities")
                    + "]";
        }
    }
}
