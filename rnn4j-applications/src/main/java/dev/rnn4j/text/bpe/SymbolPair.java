package dev.rnn4j.text.bpe;

/**
 * Two adjacent symbol ids, as a hash key. The hash multiplies the left id by a large odd constant:
 * {@code Long}'s hash of the packed ids would be {@code left ^ right}, under which the many pairs
 * of small ids collide and hash lookups dominate learning.
 */
record SymbolPair(int left, int right) {

    @Override
    public int hashCode() {
        return left * 0x9E3779B1 + right;
    }
}
