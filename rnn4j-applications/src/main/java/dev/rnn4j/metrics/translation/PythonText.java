package dev.rnn4j.metrics.translation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Python string operations sacreBLEU relies on, reproduced exactly: {@code str.split()}
 * and {@code str.rstrip()} with Python's notion of whitespace, {@code str.lower()}, and
 * {@code f"{x:.Nf}"} formatting (round half to even on the exact binary value).
 */
final class PythonText {

    private PythonText() {
    }

    /**
     * True for the code points Python's {@code str.isspace()} accepts (bidirectional class WS, B
     * or S, or category Zs): the ASCII whitespace, U+001C–U+001F, U+0085, U+00A0, U+1680,
     * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
     */
    static boolean isSpace(int c) {
        if (c <= 0x20) {
            return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
        }
        return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    /** Python's {@code s.split()}: the maximal runs of non-whitespace, in order. */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int c = s.codePointAt(i);
            if (isSpace(c)) {
                i += Character.charCount(c);
                continue;
            }
            int start = i;
            while (i < n) {
                c = s.codePointAt(i);
                if (isSpace(c)) {
                    break;
                }
                i += Character.charCount(c);
            }
            words.add(s.substring(start, i));
        }
        return words;
    }

    /** Python's {@code s.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0) {
            int c = s.codePointBefore(end);
            if (!isSpace(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return s.substring(0, end);
    }

    /** Python's {@code s.lower()}: full Unicode lowercasing without locale rules. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Python's {@code f"{x:.{decimals}f}"} for a finite {@code x}. */
    static String fixed(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
        }
        String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        // Python keeps the sign of a negative value that rounds to zero ("-0.00")
        return (x < 0 || (x == 0 && 1 / x < 0)) && !s.startsWith("-") ? "-" + s : s;
    }
}
