package dev.rnn4j.text.bpe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A learned byte-pair encoding (Sennrich, Haddow and Birch, 2016, "Neural Machine Translation of
 * Rare Words with Subword Units"), applied to characters with byte fallback, and reversible.
 *
 * <p>Encoding a text: normalise it ({@link Normalization}), split it into chunks (each word or
 * punctuation run with the whitespace before it, e.g. {@code "Der Hund,"} → {@code ["Der", " Hund",
 * ","]}), split each chunk into characters, then repeatedly merge the adjacent pair whose merge
 * was learned earliest, until no learned pair is left. Characters outside the alphabet become
 * byte tokens {@code <0xHH>} of their UTF-8 bytes and take part in no merge, so any text encodes
 * and no token is ever unknown. Tokens keep their whitespace, so decoding is concatenation (with
 * byte tokens turned back into characters) and {@code decode(tokenize(t)) == normalize(t)}
 * exactly.
 *
 * <p>Learn one with {@link BpeLearner}; {@link #save(Path)} and {@link #load(Path)} keep it in a
 * small JSON file (see {@link BpeFiles}). Immutable and thread-safe.
 */
public final class BpeModel implements ReversibleTokenizer {

    private static final int CACHE_LIMIT = 100_000;

    private final Normalization normalization;
    private final List<String> alphabet;
    private final List<List<String>> merges;
    /** Symbol strings by id: the alphabet first, then each new merge result. */
    private final List<String> symbols;
    private final Map<Integer, Integer> alphabetIds;
    /** (left id, right id) → rank of the merge. */
    private final Map<SymbolPair, Integer> ranks;
    /** rank → left, right and merged symbol ids. */
    private final int[] mergeLeft;
    private final int[] mergeRight;
    private final int[] mergeResult;
    private final Map<String, List<String>> chunkCache = new ConcurrentHashMap<>();

    /**
     * Builds a model from its alphabet and merges, checking both.
     *
     * @param normalization the normalisation applied to texts first
     * @param alphabet distinct single characters (code points), in the order of their ids
     * @param merges pairs (left, right) in the order they were learned; each part is a character of
     *     the alphabet or the result of an earlier merge
     * @throws IllegalArgumentException naming the entry ({@code alphabet[3]}, {@code merges[12]})
     *     that is null, not a single character, a duplicate, or made of unknown symbols
     */
    public BpeModel(Normalization normalization, List<String> alphabet, List<? extends List<String>> merges) {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must not be null");
        }
        if (alphabet == null || merges == null) {
            throw new IllegalArgumentException("alphabet and merges must not be null");
        }
        this.normalization = normalization;
        this.symbols = new ArrayList<>();
        Map<String, Integer> symbolIds = new HashMap<>();
        this.alphabetIds = new HashMap<>();
        for (int i = 0; i < alphabet.size(); i++) {
            String s = alphabet.get(i);
            if (s == null || s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
                throw new IllegalArgumentException("alphabet[" + i + "]: expected one character, found "
                        + (s == null ? "null" : "\"" + s + "\""));
            }
            if (symbolIds.putIfAbsent(s, i) != null) {
                throw new IllegalArgumentException("alphabet[" + i + "]: \"" + s + "\" appears twice");
            }
            alphabetIds.put(s.codePointAt(0), i);
            symbols.add(s);
        }
        this.ranks = new HashMap<>();
        this.mergeLeft = new int[merges.size()];
        this.mergeRight = new int[merges.size()];
        this.mergeResult = new int[merges.size()];
        List<List<String>> mergeCopy = new ArrayList<>(merges.size());
        for (int r = 0; r < merges.size(); r++) {
            List<String> pair = merges.get(r);
            if (pair == null || pair.size() != 2 || pair.get(0) == null || pair.get(1) == null) {
                throw new IllegalArgumentException("merges[" + r + "]: expected a pair of symbols, found " + pair);
            }
            Integer left = symbolIds.get(pair.get(0));
            Integer right = symbolIds.get(pair.get(1));
            if (left == null || right == null) {
                throw new IllegalArgumentException("merges[" + r + "]: \"" + (left == null ? pair.get(0) : pair.get(1))
                        + "\" is neither in the alphabet nor the result of an earlier merge");
            }
            String merged = pair.get(0) + pair.get(1);
            if (ByteFallback.byteOf(merged) >= 0) {
                throw new IllegalArgumentException("merges[" + r + "]: the result \"" + merged
                        + "\" would be a byte-fallback token");
            }
            if (ranks.putIfAbsent(new SymbolPair(left, right), r) != null) {
                throw new IllegalArgumentException("merges[" + r + "]: " + pair + " appears twice");
            }
            Integer id = symbolIds.get(merged);
            if (id == null) {
                id = symbols.size();
                symbols.add(merged);
                symbolIds.put(merged, id);
            }
            mergeLeft[r] = left;
            mergeRight[r] = right;
            mergeResult[r] = id;
            mergeCopy.add(List.of(pair.get(0), pair.get(1)));
        }
        this.alphabet = List.copyOf(alphabet);
        this.merges = Collections.unmodifiableList(mergeCopy);
    }

    /** Reads a model saved by {@link #save(Path)}; see {@link BpeFiles} for the format and errors. */
    public static BpeModel load(Path file) {
        return BpeFiles.read(file);
    }

    /** Writes this model as JSON (parent folders created); see {@link BpeFiles}. */
    public void save(Path file) {
        BpeFiles.write(this, file);
    }

    public Normalization normalization() {
        return normalization;
    }

    /** The characters, in id order. */
    public List<String> alphabet() {
        return alphabet;
    }

    /** The merges (left, right), in the order they apply. */
    public List<List<String>> merges() {
        return merges;
    }

    /**
     * Every token {@link #tokenize(String)} can produce, each once, in a fixed order: the
     * alphabet, the merge results in merge order, then the 256 byte tokens {@code <0x00>} to
     * {@code <0xFF>}.
     */
    public List<String> vocabulary() {
        List<String> vocab = new ArrayList<>(symbols.size() + 256);
        vocab.addAll(symbols);
        vocab.addAll(ByteFallback.tokens());
        return Collections.unmodifiableList(vocab);
    }

    @Override
    public String normalize(String text) {
        return normalization.apply(text);
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        for (String chunk : PreTokenizer.split(normalize(text))) {
            tokens.addAll(encodeChunk(chunk));
        }
        return tokens;
    }

    @Override
    public String decode(List<String> tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens must not be null");
        }
        return ByteFallback.decode(tokens);
    }

    /**
     * The byte of a byte-fallback token {@code <0xHH>} (0 to 255), or -1 for any other token.
     *
     * @throws IllegalArgumentException if {@code token} is null
     */
    public static int byteValue(String token) {
        if (token == null) {
            throw new IllegalArgumentException("token must not be null");
        }
        return ByteFallback.byteOf(token);
    }

    private List<String> encodeChunk(String chunk) {
        List<String> cached = chunkCache.get(chunk);
        if (cached != null) {
            return cached;
        }
        int[] codePoints = chunk.codePoints().toArray();
        int n = codePoints.length;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            Integer id = alphabetIds.get(codePoints[i]);
            ids[i] = id == null ? -1 : id;
        }
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                if (ids[i] >= 0 && ids[i + 1] >= 0) {
                    Integer rank = ranks.get(new SymbolPair(ids[i], ids[i + 1]));
                    if (rank != null && rank < bestRank) {
                        bestRank = rank;
                    }
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            int left = mergeLeft[bestRank];
            int right = mergeRight[bestRank];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && ids[i] == left && ids[i + 1] == right) {
                    ids[j++] = mergeResult[bestRank];
                    i++;
                } else {
                    ids[j] = ids[i];
                    codePoints[j++] = codePoints[i];
                }
            }
            n = j;
        }
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (ids[i] >= 0) {
                tokens.add(symbols.get(ids[i]));
            } else {
                ByteFallback.encode(codePoints[i], tokens);
            }
        }
        List<String> result = List.copyOf(tokens);
        if (chunkCache.size() >= CACHE_LIMIT) {
            chunkCache.clear();
        }
        chunkCache.put(chunk, result);
        return result;
    }
}
