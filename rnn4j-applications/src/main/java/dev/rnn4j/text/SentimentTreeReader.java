package dev.rnn4j.text;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads PTB-style sentiment trees, one per line, as in the Stanford Sentiment Treebank's
 * {@code train.txt}: {@code (3 (2 (2 The) (2 Rock)) (4 ...))}, every node {@code (label child...)}
 * or {@code (label word)}.
 *
 * <p>The text of a node is its leaves joined by single spaces, as written (PTB escapes such as
 * {@code -LRB-} and {@code \/} are kept, as in SST-2's {@code stsa.binary.*}), stripped of white space
 * at both ends. Tokens are separated
 * by ASCII spaces only, so SST's leaf {@code 2\u00A01\/2} stays one token. By default each tree
 * yields its root sentence with the root label; with {@link ReadOptions#phrases()} it yields every
 * node (root first, then the other nodes in pre-order), each phrase text once when
 * {@link ReadOptions#distinctPhrases()}. With {@link ReadOptions#binary()}, labels 0 and 1 become
 * {@value #NEGATIVE}, 3 and 4 become {@value #POSITIVE}, and nodes labelled 2 are dropped.
 *
 * <p>The parser is iterative (no recursion), so tree depth is not limited by the Java stack.
 */
public final class SentimentTreeReader {
    /** Binary label for SST classes 0 and 1, as in SST-2's {@code stsa.binary.*} files. */
    public static final String NEGATIVE = "0";
    /** Binary label for SST classes 3 and 4. */
    public static final String POSITIVE = "1";

    private SentimentTreeReader() {
    }

    /** One labelled node: its label and the half-open range of leaf indices it covers. */
    record Node(String label, int firstLeaf, int endLeaf) {
    }

    /** A parsed tree: its leaves and its nodes in pre-order (root first). */
    record Tree(List<String> leaves, List<Node> nodes) {
        String text(Node node) {
            return String.join(" ", leaves.subList(node.firstLeaf(), node.endLeaf()));
        }
    }

    /**
     * @throws DataFormatException naming file and line (and column) for: a missing or empty file,
     *     invalid bytes, a malformed tree (unbalanced parentheses, a node without label or content,
     *     text outside the tree, a node whose words are all white space), a label that is not 0-4 when mapping to binary, an unknown label
     */
    public static List<LabeledText> read(Path file, ReadOptions options) {
        if (file == null || options == null) {
            throw new IllegalArgumentException("file and options must not be null");
        }
        List<String> lines = TextFiles.lines(TextFiles.read(file, options.encoding()));
        if (TextFiles.allBlank(lines)) {
            throw new DataFormatException(file, 0, "file is empty (expected one tree per line)");
        }
        List<LabeledText> examples = new ArrayList<>(lines.size());
        Set<String> seenPhrases = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            long lineNumber = i + 1;
            if (line.isBlank()) {
                continue;
            }
            Tree tree = parse(line, file, lineNumber);
            List<Node> nodes = options.phrases() ? tree.nodes() : tree.nodes().subList(0, 1);
            for (Node node : nodes) {
                String rawLabel = options.binary() ? toBinary(node.label(), file, lineNumber) : node.label();
                if (rawLabel == null) {
                    continue;
                }
                // a leaf of white-space characters other than the ASCII separators (U+2003, U+001C) is a word
                // to the parser but not text: strip it, as the other readers strip their texts
                String text = tree.text(node).strip();
                if (text.isEmpty()) {
                    throw new DataFormatException(file, lineNumber, "node (" + node.label()
                            + " ...) has no text: its words are all white space");
                }
                if (options.phrases() && options.distinctPhrases() && !seenPhrases.add(text)) {
                    continue;
                }
                examples.add(new LabeledText(text, options.finishLabel(rawLabel, file, lineNumber), file, lineNumber));
            }
        }
        return examples;
    }

    /** SST 5-class label to SST-2's binary label, or null for neutral (2). */
    private static String toBinary(String label, Path file, long line) {
        switch (label) {
            case "0", "1":
                return NEGATIVE;
            case "3", "4":
                return POSITIVE;
            case "2":
                return null;
            default:
                throw new DataFormatException(file, line, "label \"" + label
                        + "\" is not an SST class 0-4, so it cannot be mapped to binary");
        }
    }

    /** A node being parsed. */
    private static final class Open {
        final String label;
        final int firstLeaf;
        final int nodeIndex;
        boolean hasContent;

        Open(String label, int firstLeaf, int nodeIndex) {
            this.label = label;
            this.firstLeaf = firstLeaf;
            this.nodeIndex = nodeIndex;
        }
    }

    /** Parses one tree line; errors name file, line and 1-based column. */
    static Tree parse(String line, Path file, long lineNumber) {
        List<String> leaves = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        Deque<Open> stack = new ArrayDeque<>();
        boolean done = false;
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            if (done) {
                throw malformed(file, lineNumber, i, "text after the end of the tree");
            }
            if (c == '(') {
                int start = ++i;
                while (i < n && !isDelimiter(line.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw malformed(file, lineNumber, start, "missing label after '('");
                }
                if (!stack.isEmpty()) {
                    stack.peek().hasContent = true;
                }
                nodes.add(null); // placeholder keeps pre-order; filled when the node closes
                stack.push(new Open(line.substring(start, i), leaves.size(), nodes.size() - 1));
            } else if (c == ')') {
                if (stack.isEmpty()) {
                    throw malformed(file, lineNumber, i, "unbalanced ')' with no open '('");
                }
                Open open = stack.pop();
                if (!open.hasContent) {
                    throw malformed(file, lineNumber, i, "node (" + open.label + " ...) has no word and no children");
                }
                nodes.set(open.nodeIndex, new Node(open.label, open.firstLeaf, leaves.size()));
                i++;
                done = stack.isEmpty();
            } else {
                if (stack.isEmpty()) {
                    throw malformed(file, lineNumber, i, nodes.isEmpty() ? "expected '(' at the start of a tree"
                            : "text outside the tree");
                }
                int start = i;
                while (i < n && !isDelimiter(line.charAt(i))) {
                    i++;
                }
                leaves.add(line.substring(start, i));
                stack.peek().hasContent = true;
            }
        }
        if (!stack.isEmpty()) {
            throw malformed(file, lineNumber, n, "unbalanced parentheses: " + stack.size()
                    + " '(' not closed at the end of the line");
        }
        if (nodes.isEmpty()) {
            throw malformed(file, lineNumber, 0, "no tree on the line");
        }
        return new Tree(leaves, nodes);
    }

    private static boolean isDelimiter(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '(' || c == ')';
    }

    private static DataFormatException malformed(Path file, long line, int index, String problem) {
        return new DataFormatException(file, line, "malformed tree at column " + (index + 1) + ": " + problem);
    }
}
