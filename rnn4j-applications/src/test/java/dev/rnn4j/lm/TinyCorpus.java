package dev.rnn4j.lm;

import java.util.Random;

/** A small built-in corpus for tests: short sentences from a tiny grammar, a few KB, the same every time. */
final class TinyCorpus {

    private static final String[] SUBJECTS = {"the cat", "a dog", "the old king", "my friend", "the bird"};
    private static final String[] VERBS = {"sees", "likes", "follows", "sings to", "waits for"};
    private static final String[] OBJECTS = {"the moon", "a red ball", "the river", "her sister", "the queen"};

    private TinyCorpus() {
    }

    /** {@code sentences} lines such as "the cat sees the moon.", from a generator seeded with {@code seed}. */
    static String text(int sentences, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            out.append(SUBJECTS[random.nextInt(SUBJECTS.length)]).append(' ')
                    .append(VERBS[random.nextInt(VERBS.length)]).append(' ')
                    .append(OBJECTS[random.nextInt(OBJECTS.length)]).append(".\n");
        }
        return out.toString();
    }
}
