package dev.rnn4j.explain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an {@link Attribution} is computed; each constant's Javadoc states what its scores mean. */
public enum Method {

    /**
     * Integrated gradients (Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks", ICML 2017):
     * {@code (x - b) ⊙ ∫₀¹ ∇f(b + α(x - b)) dα}, the integral by the trapezoid rule over {@code steps}
     * intervals. The scores add up to {@code f(x) - f(b)} up to the rule's error (completeness).
     */
    INTEGRATED_GRADIENTS("ig"),

    /**
     * Occlusion: {@code f(x) - f(x without position t)}, how much the output falls when one position is left
     * out (a token removed from the text; a time step replaced by the baseline's). Model-agnostic, no gradients.
     */
    OCCLUSION("occlusion"),

    /** Gradient × input: {@code x ⊙ ∇f(x)}, the first-order (local) contribution of each input value. */
    GRADIENT_X_INPUT("gradxinput");

    private final String key;

    Method(String key) {
        this.key = key;
    }

    /** The name on the command line and in the JSON report ({@code ig}, {@code occlusion}, {@code gradxinput}). */
    public String key() {
        return key;
    }

    /**
     * The method named {@code key}.
     *
     * @throws IllegalArgumentException for another name (the message lists the known ones)
     */
    public static Method parse(String key) {
        for (Method m : values()) {
            if (m.key.equals(key == null ? null : key.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("method: expected one of "
                + Arrays.stream(values()).map(Method::key).collect(Collectors.joining(", ")) + ", got " + key);
    }
}
