/**
 * Subword tokenisation by byte-pair encoding, learned from training text and reversible, for
 * translation, other sequence-to-sequence models and language models.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.text.bpe.BpeLearner} learns a {@link dev.rnn4j.text.bpe.BpeModel} from a
 *       list of texts (one language, or both for a joint model) with a configurable number of
 *       merges, deterministically (ties broken by symbol order), with incremental pair counts.</li>
 *   <li>{@link dev.rnn4j.text.bpe.BpeModel} encodes and decodes; {@code decode(tokenize(t))} is
 *       {@code normalize(t)} exactly. Characters the model never saw become UTF-8 byte tokens
 *       {@code <0xHH>}, so no text fails to encode and no token is unknown. It is saved to and
 *       loaded from a small JSON file ({@link dev.rnn4j.text.bpe.BpeFiles}).</li>
 *   <li>{@link dev.rnn4j.text.bpe.WordLevelTokenizer} is the word-level option: the same
 *       reversible chunks, unmerged.</li>
 *   <li>{@link dev.rnn4j.text.bpe.StreamingDecoder} decodes tokens one at a time as a generator
 *       produces them, holding back byte tokens until they complete a character.</li>
 *   <li>{@link dev.rnn4j.text.bpe.Normalization}: NFC (default) or NFKC, applied before anything
 *       else.</li>
 * </ul>
 *
 * <p>Typical use for translation, with a joint model over both sides of the training pairs:
 * <pre>{@code
 * List<String> texts = new ArrayList<>(Files.readAllLines(data.resolve("train.de")));
 * texts.addAll(Files.readAllLines(data.resolve("train.en")));
 * BpeModel bpe = BpeLearner.builder().merges(10_000).build().learn(texts);
 * bpe.save(modelDir.resolve("bpe.json"));
 * List<String> tokens = bpe.tokenize("Ein Mann mit einem orangefarbenen Hut, der etwas anstarrt.");
 * // on Multi30k: [Ein, " Mann", " mit", " einem", " orangefarbenen", " Hut", ",", " der", " etwas", " an", "st", "ar", "rt", "."]
 * List<String> ids = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK, "<bos>", "<eos>"));
 * ids.addAll(bpe.vocabulary());
 * Vocabulary vocabulary = Vocabulary.of(ids);   // every token has an id: <unk> never occurs
 * String text = bpe.decode(tokens);              // the normalised input, exactly
 * }</pre>
 * Special tokens written like {@code <eos>} never collide with learned tokens: a learned token
 * lies within one chunk, and a chunk never mixes punctuation such as {@code < >} with letters.
 *
 * <p>Design: Sennrich et al.'s BPE over characters, with the whitespace kept inside the tokens
 * (as GPT-2's byte-level BPE keeps it) instead of word-end markers, so detokenisation needs no
 * rules; and characters rather than bytes as the base symbols, so "ä" or "ß" is one symbol from
 * the start, with bytes only as the fallback for unseen characters.
 */
package dev.rnn4j.text.bpe;
