package dev.rnn4j.metrics.translation;

import java.util.Arrays;
import java.util.List;

/** The inputs of {@code tools/make_bleu_reference.py}, character for character. */
final class SacreBleuCases {

    private SacreBleuCases() {
    }

    /** sacreBLEU's version that printed the expected values; our signatures say rnn4j instead. */
    static final String SACREBLEU_VERSION = "2.6.0";

    static final List<String> README_HYPS = List.of("The dog bit the man.", "It wasn't surprising.",
            "The man had just bitten him.");
    static final List<List<String>> README_REFS = List.of(
            List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
            List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));

    static final List<String> PUNCT_HYPS = List.of(
            "It costs $3,000.50 - that is 1-2 days' pay, isn't it?",
            "See <b>&amp;</b> &quot;quoted&quot; &lt;tags&gt; e.g. U.S.A. 3.14, 2.",
            "Hello,world...  (really)! 10-20 km/h;ok");
    static final List<List<String>> PUNCT_REFS = List.of(List.of(
            "It costs $3,000.50 -- that is 1-2 days' pay, is it not?",
            "See <b>&</b> \"quoted\" <tags> e.g. U.S.A. 3.14 , 2 .",
            "Hello, world... (really)! 10 - 20 km/h; ok"));

    static final List<String> UNICODE_HYPS = List.of(
            "Ein Mann fährt „schnell“ über die Straße.",
            "Zwei\u00a0Hunde spielen im Schnee – glücklich 😀.",
            "İstanbul ΣΟΦΟΣ 東京タワー",
            "Café naïve");
    static final List<List<String>> UNICODE_REFS = List.of(List.of(
            "Ein Mann fährt schnell über die Straße.",
            "Zwei Hunde spielen im Schnee 😀.",
            "istanbul σοφος 東京 タワー",
            "Cafe\u0301 naïve"));

    static final List<String> LOWER_HYPS = List.of("THE CAT sat on The Mat.", "a Quick brown FOX");
    static final List<List<String>> LOWER_REFS = List.of(List.of("The cat sat on the mat.", "A quick brown fox jumps"));

    // no hypothesis reaches order 4
    static final List<String> SHORT_HYPS = List.of("a b c", "x y", "the cat");
    static final List<List<String>> SHORT_REFS = List.of(List.of("a b c d", "x z", "the cat"));

    // 4-grams exist but none matches
    static final List<String> ZERO4_HYPS = List.of("the cat sat in a mat today", "one two three four");
    static final List<List<String>> ZERO4_REFS = List.of(List.of("the cat sat on the mat today", "one two three five four"));

    static final List<String> EMPTY_HYPS = List.of("", "The dog bit the man.", "");
    static final List<List<String>> EMPTY_REFS = List.of(List.of("Nothing here.", "The dog bit the man.", ""));

    static final List<String> NOMATCH_HYPS = List.of("completely different words", "nothing");
    static final List<List<String>> NOMATCH_REFS = List.of(List.of("the cat sat", "on the mat"));

    // the second stream has no reference for the second segment (None in Python): nrefs:var
    static final List<String> VAR_HYPS = List.of("the cat is on the mat", "there is a dog", "birds fly");
    static final List<List<String>> VAR_REFS = List.of(
            List.of("the cat sat on the mat", "there is a cat", "birds can fly"),
            Arrays.asList("a cat is on the mat", null, "the birds fly"));

    /** Our printed line with sacreBLEU's version in place of ours, to compare with sacreBLEU's line. */
    static String asSacreBleu(String line) {
        return line.replace("version:" + ReferenceStreams.version(), "version:" + SACREBLEU_VERSION);
    }
}
