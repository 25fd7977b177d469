package dev.rnn4j.text.bpe;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Decodes the tokens of a {@link BpeModel} one at a time, as a generator produces them, returning each piece of
 * text as soon as it is whole: an ordinary token at once, byte-fallback tokens {@code <0xHH>} once they complete
 * a UTF-8 character (e.g. "😀" is four byte tokens and comes out with the fourth). Bytes that cannot complete a
 * character come out as U+FFFD, as {@link BpeModel#decode} writes them, so the pieces of well-formed input
 * concatenate to {@code decode(tokens)}.
 *
 * <p>Keeps the incomplete bytes between calls: one decoder per stream of tokens, not thread-safe.
 */
public final class StreamingDecoder {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(4);
    private int expected;

    /**
     * The text that {@code token} completes: "" while it holds part of a character, else the held-back bytes
     * (decoded) followed by the token's own text.
     *
     * @throws IllegalArgumentException if {@code token} is null
     */
    public String append(String token) {
        if (token == null) {
            throw new IllegalArgumentException("token must not be null");
        }
        int b = ByteFallback.byteOf(token);
        if (b < 0) {
            return flush() + token;
        }
        StringBuilder out = new StringBuilder();
        if (pending.size() > 0 && (b & 0xC0) != 0x80) {
            out.append(flush()); // a character cut short by a byte that does not continue it
        }
        if (pending.size() == 0) {
            expected = (b & 0x80) == 0 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4
                    : 1; // a stray continuation byte or an invalid lead byte stands alone
        }
        pending.write(b);
        if (pending.size() == expected) {
            out.append(flush());
        }
        return out.toString();
    }

    /** The text of any bytes still held back (U+FFFD for an unfinished character), or "". */
    public String finish() {
        return flush();
    }

    private String flush() {
        if (pending.size() == 0) {
            return "";
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        String[] tokens = new String[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tokens[i] = ByteFallback.tokens().get(bytes[i] & 0xff);
        }
        return ByteFallback.decode(List.of(tokens));
    }
}
