package dev.rnn4j.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A token to id mapping with the special tokens {@code <pad>} = 0 and {@code <unk>} = 1.
 *
 * <p>Ids are dense: {@code 0 .. size()-1}. Tokens that are not in the vocabulary encode to
 * {@link #UNK_ID}. Padding uses {@link #PAD_ID}, which no text token ever gets, so a model can
 * recognise padding by id.
 *
 * <p>Saved as JSON: {@code {"format": "rnn4j-vocabulary", "version": 1, "tokens": [...]}} with the
 * tokens in id order. Instances are immutable and thread-safe.
 */
public final class Vocabulary {
    /** The padding token, id {@value #PAD_ID}. */
    public static final String PAD = "<pad>";
    /** The unknown-token token, id {@value #UNK_ID}. */
    public static final String UNK = "<unk>";
    /** Id of {@link #PAD}. */
    public static final int PAD_ID = 0;
    /** Id of {@link #UNK}. */
    public static final int UNK_ID = 1;
    /** Pass as {@code maxSize} for no size limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    static final String FORMAT = "rnn4j-vocabulary";
    static final int VERSION = 1;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> map = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            map.put(tokens.get(i), i);
        }
        this.ids = map;
    }

    /**
     * Builds a vocabulary from token sequences.
     *
     * <p>Tokens are counted over all sequences; those seen fewer than {@code minFrequency} times
     * are dropped; the rest are ordered by count (descending), ties broken by the token's natural
     * {@link String} order, and the first {@code maxSize - 2} are kept after {@code <pad>} and
     * {@code <unk>}. Occurrences of the literal strings {@code <pad>} and {@code <unk>} in the data
     * are not counted (they map to the specials). The result depends only on the multiset of
     * tokens, never on iteration order of hash maps.
     *
     * @param sequences token sequences (e.g. tokenized training texts)
     * @param minFrequency minimum count to keep a token, at least 1
     * @param maxSize maximum size including the two specials, at least 2, or {@link #UNLIMITED}
     * @throws IllegalArgumentException if an argument is out of range or null
     */
    public static Vocabulary build(Iterable<? extends List<String>> sequences, int minFrequency, int maxSize) {
        if (sequences == null) {
            throw new IllegalArgumentException("sequences must not be null");
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be at least 1, got " + minFrequency);
        }
        if (maxSize < 2) {
            throw new IllegalArgumentException("maxSize must be at least 2 (the specials <pad> and <unk>), got "
                    + maxSize);
        }
        Map<String, int[]> counts = new HashMap<>();
        int sequenceIndex = 0;
        for (List<String> sequence : sequences) {
            if (sequence == null) {
                throw new IllegalArgumentException("sequence " + sequenceIndex + " is null");
            }
            for (String token : sequence) {
                if (token == null) {
                    throw new IllegalArgumentException("sequence " + sequenceIndex + " contains a null token");
                }
                if (token.equals(PAD) || token.equals(UNK)) {
                    continue;
                }
                counts.computeIfAbsent(token, t -> new int[1])[0]++;
            }
            sequenceIndex++;
        }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] >= minFrequency) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> {
            int byCount = Integer.compare(b.getValue()[0], a.getValue()[0]);
            return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
        });
        int limit = (int) Math.min(kept.size(), (long) maxSize - 2);
        List<String> tokens = new ArrayList<>(limit + 2);
        tokens.add(PAD);
        tokens.add(UNK);
        for (int i = 0; i < limit; i++) {
            tokens.add(kept.get(i).getKey());
        }
        return new Vocabulary(tokens);
    }

    /**
     * A vocabulary with exactly these tokens in id order; the list must start with
     * {@code <pad>}, {@code <unk>} and hold no duplicates or nulls.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static Vocabulary of(List<String> tokensInIdOrder) {
        String problem = checkTokens(tokensInIdOrder);
        if (problem != null) {
            throw new IllegalArgumentException("tokensInIdOrder: " + problem);
        }
        return new Vocabulary(tokensInIdOrder);
    }

    private static String checkTokens(List<String> tokens) {
        if (tokens == null) {
            return "must not be null";
        }
        if (tokens.size() < 2 || !PAD.equals(tokens.get(0)) || !UNK.equals(tokens.get(1))) {
            return "must start with \"" + PAD + "\", \"" + UNK + "\", found "
                    + tokens.subList(0, Math.min(2, tokens.size()));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t == null) {
                return "token " + i + " is null";
            }
            Integer before = seen.put(t, i);
            if (before != null) {
                return "token \"" + t + "\" appears twice, at ids " + before + " and " + i;
            }
        }
        return null;
    }

    /** Number of tokens including the two specials. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #UNK_ID} when it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK_ID : id;
    }

    /** Whether {@code token} has its own id. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /**
     * The token with id {@code id}.
     *
     * @throws IllegalArgumentException if {@code id} is not in {@code [0, size())}
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("id must be in [0, " + tokens.size() + "), got " + id);
        }
        return tokens.get(id);
    }

    /** All tokens in id order (unmodifiable). */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /**
     * Encodes tokens to ids; unknown tokens give {@link #UNK_ID}.
     *
     * @throws IllegalArgumentException if {@code tokens} is null
     */
    public int[] encode(List<String> tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens must not be null");
        }
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    /** Saves this vocabulary as JSON to {@code file} (parent folders created). */
    public void save(Path file) {
        ObjectNode root = JsonFiles.header(FORMAT, VERSION);
        ArrayNode array = root.putArray("tokens");
        tokens.forEach(array::add);
        JsonFiles.write(file, root);
    }

    /**
     * Loads a vocabulary saved by {@link #save(Path)}.
     *
     * @throws DataFormatException if the file is missing, is not JSON, is another kind of file,
     *     or its token list is invalid
     */
    public static Vocabulary load(Path file) {
        JsonNode root = JsonFiles.read(file, "vocabulary", FORMAT, VERSION);
        JsonNode array = root.get("tokens");
        if (array == null || !array.isArray()) {
            throw new DataFormatException(file, 0, "vocabulary file has no \"tokens\" array");
        }
        List<String> tokens = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode t = array.get(i);
            if (!t.isTextual()) {
                throw new DataFormatException(file, 0, "vocabulary token " + i + " is not a string: " + t);
            }
            tokens.add(t.asText());
        }
        String problem = checkTokens(tokens);
        if (problem != null) {
            throw new DataFormatException(file, 0, "invalid vocabulary: tokens " + problem);
        }
        return new Vocabulary(tokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[size=" + tokens.size() + "]";
    }
}
