package dev.rnn4j.text.bpe;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Byte fallback for characters outside a model's alphabet: such a character becomes the tokens
 * {@code <0xHH>} of its UTF-8 bytes (e.g. "😀" → {@code <0xF0> <0x9F> <0x98> <0x80>}).
 *
 * <p>No ordinary token looks like a byte token: ordinary tokens lie inside one pre-tokenised
 * chunk, and a chunk never mixes the punctuation {@code < >} with the word characters {@code 0 x
 * H H}. Decoding turns runs of byte tokens back into UTF-8; bytes that are not valid UTF-8 (a model
 * may predict any sequence) decode to U+FFFD.
 */
final class ByteFallback {

    private static final String[] TOKENS = new String[256];

    static {
        for (int b = 0; b < 256; b++) {
            TOKENS[b] = String.format("<0x%02X>", b);
        }
    }

    private ByteFallback() {
    }

    /** The 256 byte tokens, {@code <0x00>} to {@code <0xFF>}. */
    static List<String> tokens() {
        return List.of(TOKENS);
    }

    /** Appends the byte tokens of code point {@code c} to {@code out}. */
    static void encode(int c, List<String> out) {
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
            out.add(TOKENS[b & 0xff]);
        }
    }

    /** The byte of a token {@code <0xHH>} (upper-case hex), or -1 for any other token. */
    static int byteOf(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
            return -1;
        }
        int hi = hex(token.charAt(3));
        int lo = hex(token.charAt(4));
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Joins tokens, decoding runs of byte tokens as UTF-8 (invalid bytes become U+FFFD). */
    static String decode(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token == null) {
                throw new IllegalArgumentException("tokens[" + i + "] is null");
            }
            int b = byteOf(token);
            if (b >= 0) {
                bytes.write(b);
                continue;
            }
            flush(bytes, text);
            text.append(token);
        }
        flush(bytes, text);
        return text.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder text) {
        if (bytes.size() == 0) {
            return;
        }
        try {
            text.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 decoding with replacement cannot fail", e);
        }
        bytes.reset();
    }
}
