package dev.rnn4j.decode;

/** Checks what a {@link StepDecoder} returned, so a faulty adapter fails with a clear message. */
final class StepChecks {
    private StepChecks() {
    }

    static <S> StepDecoder.Step<S> run(StepDecoder<S> decoder, S states, int[] previousTokens, int vocabularySize) {
        StepDecoder.Step<S> step = decoder.step(states, previousTokens);
        int rows = previousTokens.length;
        if (step == null || step.logProbabilities() == null || step.states() == null) {
            throw new IllegalStateException("decoder.step returned " + (step == null ? "null" : "a step without "
                    + (step.logProbabilities() == null ? "logProbabilities" : "states")));
        }
        if (step.logProbabilities().length != (long) rows * vocabularySize) {
            throw new IllegalStateException("decoder.step: expected logProbabilities of (rows, V) = (" + rows + ", "
                    + vocabularySize + "), " + (long) rows * vocabularySize + " values, got " + step.logProbabilities().length);
        }
        if (step.attention() != null && (rows == 0 || step.attention().length % rows != 0)) {
            throw new IllegalStateException("decoder.step: expected attention of (rows, C) with rows = " + rows
                    + ", got " + step.attention().length + " values");
        }
        return step;
    }
}
