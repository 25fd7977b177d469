package dev.rnn4j.metrics.translation;

import java.util.regex.Pattern;

/**
 * The {@code 13a} tokeniser of sacreBLEU, equivalent to the one in {@code mteval-v13a.pl} used by
 * WMT: the default tokenisation of BLEU. It splits off punctuation and symbols, splits periods and
 * commas except inside numbers, and a dash after a digit.
 *
 * <p>Steps, in order (the same strings and regular expressions as sacreBLEU 2.x):
 * <ol>
 *   <li>remove {@code <skipped>}, join {@code -\n} line breaks, turn {@code \n} into a space;</li>
 *   <li>if the line has {@code &}: unescape {@code &quot; &amp; &lt; &gt;} in that order;</li>
 *   <li>pad the line with one space on each side, then apply
 *     <ul>
 *       <li>{@code ([\{-\~\[-\` -\&\(-\+\:-\@\/])} → {@code " $1 "} (the ASCII symbols except
 *           {@code ' - . ,});</li>
 *       <li>{@code ([^0-9])([\.,])} → {@code "$1 $2 "} (period or comma not after a digit);</li>
 *       <li>{@code ([\.,])([^0-9])} → {@code " $1 $2"} (period or comma not before a digit);</li>
 *       <li>{@code ([0-9])(-)} → {@code "$1 $2 "} (dash after a digit);</li>
 *     </ul></li>
 *   <li>split on Python whitespace and join with single spaces.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class Tokenizer13a {

    private static final Pattern SYMBOL = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern PERIOD_COMMA_NOT_AFTER_DIGIT = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_COMMA_NOT_BEFORE_DIGIT = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    /** The name sacreBLEU's signature gives this tokeniser. */
    public static final String SIGNATURE = "13a";

    /**
     * Tokenises one segment.
     *
     * @param line the segment; must not be null
     * @return the tokens joined by single spaces, without leading or trailing space
     */
    public String tokenize(String line) {
        if (line == null) {
            throw new IllegalArgumentException("line must not be null");
        }
        line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (line.indexOf('&') >= 0) {
            line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        line = " " + line + " ";
        line = SYMBOL.matcher(line).replaceAll(" $1 ");
        line = PERIOD_COMMA_NOT_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
        line = PERIOD_COMMA_NOT_BEFORE_DIGIT.matcher(line).replaceAll(" $1 $2");
        line = DASH_AFTER_DIGIT.matcher(line).replaceAll("$1 $2 ");
        return String.join(" ", PythonText.split(line));
    }
}
