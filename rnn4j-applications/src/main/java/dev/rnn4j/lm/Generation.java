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
     * @param text          the generated characters (without the prime)
     * @param probabilities p(character | everything before it) of each generated code point, or null when not
     *                      requested
     */
    public record Sample(String text, double[] probabilities) {

        public Sample {
            Objects.requireNonNull(text, "text");
            probabilities = probabilities == null ? null : probabilities.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities == null ? null : probabilities.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sample s && text.equals(s.text) && Arrays.equals(probabilities, s.probabilities);
        }

        @Override
        public int hashCode() {
            return 31 * text.hashCode() + Arrays.hashCode(probabilities);
        }

        @Override
        public String toString() {
            return "Sample[" + text + (probabilities == null ? "" : ", " + probabilities.length + " probabilities")
                    + "]";
        }
    }
}
