package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.chart.AttentionHeatmap;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.translate.ParallelCorpus;
import dev.rnn4j.translate.ParallelCorpusReader;
import dev.rnn4j.translate.SentencePair;
import dev.rnn4j.translate.TranslationModel;
import dev.rnn4j.translate.TranslationOptions;
import dev.rnn4j.translate.TranslationScores;
import dev.rnn4j.translate.TranslationTraining;
import dev.rnn4j.translate.Translation;
import dev.rnn4j.translate.Translator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnn4j translate train|eval|run}: attention encoder-decoder translation with BPE, beam search and BLEU. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "Machine translation with an attention encoder-decoder (bidirectional GRU encoder, GRU decoder, "
                + "additive attention) over BPE subwords (or whole words): train on parallel files, score with "
                + "sacreBLEU's BLEU and chrF, translate with beam search and draw the attention.",
        subcommands = {TranslateCommand.Train.class, TranslateCommand.Eval.class, TranslateCommand.Run.class})
final class TranslateCommand implements Runnable {

    /** {@code --max-vocab} when not given: no cap. */
    static final int DEFAULT_MAX_VOCAB = 0;
    /** {@code --min-count} when not given: words seen once become {@code <unk>}, so training sees it. */
    static final int DEFAULT_MIN_COUNT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Parses a beam size: at least 1 (1 is greedy decoding). */
    static final class BeamSize implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1) {
                throw new CommandLine.TypeConversionException("expected a beam size of at least 1 (1 is greedy "
                        + "decoding), got " + n);
            }
            return n;
        }
    }

    /** The pairs of two parallel files; a format problem (line counts, UTF-8) is bad input. */
    static ParallelCorpus corpus(Path source, Path target) {
        try {
            return ParallelCorpusReader.read(source, target);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The lines of a file of sentences; a format problem (UTF-8) is bad input. */
    static List<String> lines(Path file) {
        try {
            return ParallelCorpusReader.readLines(file);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ train

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Trains a translator on parallel files (line i of --src translates line i of --tgt), chooses "
                    + "the epoch by greedy BLEU on the dev files, and saves the model folder to --out. The defaults "
                    + "are the Multi30k de-en settings; --max-minutes bounds the training time.")
    static final class Train implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--src", required = true, description = "Training sources, one sentence per line.")
        Path src;
        @Option(names = "--tgt", required = true, description = "Training targets, line by line with --src.")
        Path tgt;
        @Option(names = "--dev-src", required = true, description = "Dev sources (epoch choice, early stopping).")
        Path devSrc;
        @Option(names = "--dev-tgt", required = true, description = "Dev targets.")
        Path devTgt;
        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Model folder; its training/ subfolder holds checkpoints and metrics.jsonl.")
        Path out;
        @Option(names = "--resume", description = "Continue from the last checkpoint in DIR/training.")
        boolean resume;
        @Option(names = "--seed", paramLabel = "N", description = "Random seed: initialisation, batch order, dropout "
                + "(default: ${DEFAULT-VALUE}).")
        long seed = TranslationOptions.defaults().seed();
        @Option(names = "--epochs", paramLabel = "N", converter = TrainingFlags.AtLeastOne.class,
                description = "At most this many epochs (default: ${DEFAULT-VALUE}).")
        int epochs = TranslationOptions.defaults().maxEpochs();
        @Option(names = "--batch-tokens", paramLabel = "N", converter = TrainingFlags.AtLeastOne.class,
                description = "Padded tokens per batch: rows × longest side (default: ${DEFAULT-VALUE}).")
        int batchTokens = TranslationOptions.defaults().tokenBudget();
        @Option(names = "--lr", paramLabel = "RATE", converter = TrainingFlags.PositiveRate.class,
                description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
        double lr = TranslationOptions.defaults().learningRate();
        @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix kernels (default: the "
                + "number of processors).")
        Integer threads;
        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;
        @Option(names = "--tokens", paramLabel = "bpe|word", description = "Token unit: bpe (subwords learned from "
                + "the training text; no word is unknown) or word (whole words, one vocabulary per language; a word "
                + "outside it becomes <unk> in the input, and the output may contain <unk>) (default: "
                + "${DEFAULT-VALUE}).")
        String tokens = "bpe";
        @Option(names = "--merges", description = "BPE merges, --tokens bpe only (default: ${DEFAULT-VALUE}).")
        int merges = TranslationOptions.defaults().merges();
        @Option(names = "--separate-bpe", description = "One BPE model per language instead of a joint one "
                + "(--tokens bpe only).")
        boolean separateBpe;
        @Option(names = "--max-vocab", paramLabel = "N", description = "--tokens word: keep at most the N most "
                + "frequent words per language (0: no cap; default: " + DEFAULT_MAX_VOCAB + ").")
        Integer maxVocab;
        @Option(names = "--min-count", paramLabel = "N", description = "--tokens word: keep only words seen at least "
                + "N times in the training text (default: " + DEFAULT_MIN_COUNT + ").")
        Integer minCount;
        @Option(names = "--max-tokens", description = "Longest sentence in tokens (subwords or words); longer "
                + "training pairs are skipped (default: ${DEFAULT-VALUE}).")
        int maxTokens = TranslationOptions.defaults().maxTokens();
        @Option(names = "--embedding-dim", description = "Embedding size (default: ${DEFAULT-VALUE}).")
        int embeddingDim = TranslationOptions.defaults().embeddingDim();
        @Option(names = "--encoder-hidden", description = "Encoder units per direction (default: ${DEFAULT-VALUE}).")
        int encoderHidden = TranslationOptions.defaults().encoderHidden();
        @Option(names = "--decoder-hidden", description = "Decoder units (default: ${DEFAULT-VALUE}).")
        int decoderHidden = TranslationOptions.defaults().decoderHidden();
        @Option(names = "--cell", description = "gru or lstm (default: ${DEFAULT-VALUE}).")
        String cell = "gru";
        @Option(names = "--dropout", description = "Embedding dropout (default: ${DEFAULT-VALUE}).")
        double dropout = TranslationOptions.defaults().dropout();
        @Option(names = "--label-smoothing", description = "Label smoothing ε (default: ${DEFAULT-VALUE}).")
        double labelSmoothing = TranslationOptions.defaults().labelSmoothing();
        @Option(names = "--lr-decay", description = "Learning-rate factor after an epoch without improvement "
                + "(default: ${DEFAULT-VALUE}).")
        double lrDecay = TranslationOptions.defaults().lrDecay();
        @Option(names = "--clip", description = "Gradient norm clip (default: ${DEFAULT-VALUE}).")
        double clip = TranslationOptions.defaults().clipNorm();
        @Option(names = "--patience", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
        int patience = TranslationOptions.defaults().patience();
        @Option(names = "--monitor", description = "bleu (greedy dev BLEU) or loss (dev loss) (default: ${DEFAULT-VALUE}).")
        String monitor = "bleu";
        @Option(names = "--max-minutes", description = "Training time budget of this process, 0 for none "
                + "(default: ${DEFAULT-VALUE}).")
        double maxMinutes = TranslationOptions.defaults().maxMinutes();

        @Override
        public Integer call() throws Exception {
            Main.useThreads(threads);
            CellType cellType = switch (cell.toLowerCase(Locale.ROOT)) {
                case "gru" -> CellType.GRU;
                case "lstm" -> CellType.LSTM;
                default -> throw new IllegalArgumentException("--cell: expected gru or lstm, got " + cell);
            };
            if (!monitor.equals("bleu") && !monitor.equals("loss")) {
                throw new IllegalArgumentException("--monitor: expected bleu or loss, got " + monitor);
            }
            boolean words = switch (tokens) {
                case "bpe" -> false;
                case "word" -> true;
                default -> throw new IllegalArgumentException("--tokens: expected bpe or word, got " + tokens);
            };
            if (!words && (maxVocab != null || minCount != null)) {
                throw new IllegalArgumentException((maxVocab != null ? "--max-vocab" : "--min-count")
                        + ": applies to --tokens word only (BPE has no unknown words)");
            }
            if (words && (separateBpe || spec.commandLine().getParseResult().hasMatchedOption("--merges"))) {
                throw new IllegalArgumentException((separateBpe ? "--separate-bpe" : "--merges")
                        + ": applies to --tokens bpe only");
            }
            int vocabCap = maxVocab == null ? DEFAULT_MAX_VOCAB : maxVocab;
            int wordCount = minCount == null ? DEFAULT_MIN_COUNT : minCount;
            if (vocabCap < 0) {
                throw new IllegalArgumentException("--max-vocab: expected at least 0 (0 for no cap), got " + vocabCap);
            }
            if (wordCount < 1) {
                throw new IllegalArgumentException("--min-count: expected at least 1, got " + wordCount);
            }
            TranslationOptions options = new TranslationOptions(merges, !separateBpe, maxTokens, embeddingDim,
                    encoderHidden, decoderHidden, cellType, dropout, labelSmoothing, batchTokens, lr, lrDecay, clip,
                    epochs, patience, monitor.equals("bleu"), maxMinutes, seed);
            if (words) {
                options = options.withWords(vocabCap, wordCount);
            }
            ParallelCorpus train = corpus(src, tgt);
            ParallelCorpus dev = corpus(devSrc, devTgt);
            long start = System.nanoTime();
            TranslationModel model = TranslationTraining.train(train, dev, options,
                    new TranslationTraining.Run(out.resolve("training"), resume, quiet, System.err));
            double seconds = (System.nanoTime() - start) / 1e9;
            model.training().put("train_seconds", Math.round(seconds));
            model.save(out);
            System.out.printf(Locale.ROOT, "trained in %.1f min (%s), saved to %s%n", seconds / 60,
                    model.training().path("stopped_by").asText(), out);
            return 0;
        }
    }

    // ------------------------------------------------------------------ eval

    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Translates --src with greedy decoding and with beam search and scores both against --ref: "
                    + "sacreBLEU's BLEU (with its signature), lowercase BLEU, chrF; and the model's perplexity on "
                    + "the references.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'translate train'.")
        Path modelDir;
        @Option(names = "--src", required = true, description = "Sources, one sentence per line.")
        Path src;
        @Option(names = "--ref", required = true, description = "References, line by line with --src.")
        Path ref;
        @Option(names = "--beam", converter = BeamSize.class, description = "Beam size (default: ${DEFAULT-VALUE}).")
        int beam = 5;
        @Option(names = "--length-penalty", description = "fairseq's length penalty alpha (default: ${DEFAULT-VALUE}).")
        double lengthPenalty = 1.0;
        @Option(names = "--metrics-json", description = "Write the scores here.")
        Path metricsJson;
        @Option(names = "--output", description = "Write the beam-search translations here, one per line.")
        Path output;
        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(threads);
            Translator translator = Translator.load(modelDir).withLengthPenalty(lengthPenalty);
            ParallelCorpus corpus = corpus(src, ref);
            if (!corpus.emptyLines().isEmpty()) {
                System.err.println("warning: " + corpus.summary() + "; the skipped pairs are not scored");
            }
            List<String> sources = new ArrayList<>();
            List<String> references = new ArrayList<>();
            for (SentencePair p : corpus.pairs()) {
                sources.add(p.source());
                references.add(p.target());
            }
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode metrics = json.createObjectNode();
            metrics.put("model", modelDir.toString()).put("src", src.toString()).put("ref", ref.toString())
                    .put("sentences", sources.size());
            double perplexity = TranslationScores.perplexity(translator.model(), corpus);
            metrics.put("perplexity", perplexity);
            System.out.printf(Locale.ROOT, "%d sentences from %s; perplexity %.2f%n", sources.size(), src, perplexity);
            List<String> beamOutput = null;
            for (int k : beam == 1 ? new int[] {1} : new int[] {1, beam}) {
                long start = System.nanoTime();
                List<String> hypotheses = new ArrayList<>();
                for (Translation t : translator.withSearch(k, 1).predictBatch(sources)) {
                    hypotheses.add(t.text());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                TranslationScores s = TranslationScores.of(hypotheses, references);
                String name = k == 1 ? "greedy" : "beam " + k;
                System.out.printf(Locale.ROOT, "%s: %s%n", name, s.bleu().format(2, true));
                System.out.printf(Locale.ROOT, "%s: %s%n", name, s.lowercase().format(2, true));
                System.out.printf(Locale.ROOT, "%s: %s (%.1f s, %.1f sentences/s)%n", name, s.chrf().format(2, true),
                        seconds, sources.size() / seconds);
                ObjectNode m = metrics.putObject(k == 1 ? "greedy" : "beam");
                m.put("beam", k).put("bleu", s.bleu().score()).put("bleu_signature", s.bleu().signature())
                        .put("bleu_lowercase", s.lowercase().score()).put("chrf", s.chrf().score())
                        .put("chrf_signature", s.chrf().signature()).put("seconds", seconds);
                beamOutput = hypotheses;
            }
            if (output != null) {
                Files.write(output, beamOutput, StandardCharsets.UTF_8);
            }
            if (metricsJson != null) {
                Files.write(metricsJson, json.writeValueAsBytes(metrics));
                System.out.println("metrics: " + metricsJson);
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ run

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Translates sentences: the TEXT arguments, the lines of --input, or else the lines of "
                    + "standard input. Prints one translation per line, or with --nbest N the N best with scores.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'translate train'.")
        Path modelDir;
        @Option(names = "--beam", converter = BeamSize.class, description = "Beam size, 1 for greedy (default: "
                + "${DEFAULT-VALUE}).")
        int beam = 5;
        @Option(names = "--nbest", converter = TrainingFlags.AtLeastOne.class,
                description = "Candidates per sentence, at most --beam (default: ${DEFAULT-VALUE}).")
        int nbest = 1;
        @Option(names = "--length-penalty", description = "fairseq's length penalty alpha (default: ${DEFAULT-VALUE}).")
        double lengthPenalty = 1.0;
        @Option(names = "--input", description = "A file of sentences, one per line (UTF-8).")
        Path input;
        @Option(names = "--attention-png", description = "Write the attention of the first sentence as a heat map.")
        Path attentionPng;
        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;
        @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Sentences to translate.")
        List<String> texts = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (nbest > beam) {
                throw new IllegalArgumentException("--nbest: expected at most the beam size " + beam + ", got " + nbest);
            }
            if (input != null && !texts.isEmpty()) {
                throw new IllegalArgumentException("give sentences as arguments or with --input, not both");
            }
            Main.useThreads(threads);
            Translator translator = Translator.load(modelDir).withSearch(beam, nbest).withLengthPenalty(lengthPenalty);
            List<String> lines = !texts.isEmpty() ? texts
                    : input != null ? lines(input) : standardInput();
            List<String> sentences = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    throw new IllegalArgumentException((input != null ? input + ": line " + (i + 1)
                            : texts.isEmpty() ? "standard input: line " + (i + 1) : "sentence " + (i + 1))
                            + " is empty; there is nothing to translate");
                }
                sentences.add(line);
            }
            if (sentences.isEmpty()) {
                throw new IllegalArgumentException("no sentences to translate: give TEXT, --input FILE or lines on "
                        + "standard input");
            }
            List<Translation> translations = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                try {
                    translations.add(translator.predict(sentences.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sentence " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            for (Translation t : translations) {
                if (nbest == 1) {
                    System.out.println(t.text());
                } else {
                    for (Translation.Candidate c : t.candidates()) {
                        System.out.printf(Locale.ROOT, "%.4f\t%.4f\t%s%n", c.score(), c.logProbability(), c.text());
                    }
                    System.out.println();
                }
            }
            if (attentionPng != null) {
                Translation first = translations.get(0);
                AttentionHeatmap.write(attentionPng, first.source(), first.sourceTokens(), first.targetTokens(),
                        first.attention());
                System.err.println("attention: " + attentionPng);
            }
            return 0;
        }

        private static List<String> standardInput() throws IOException {
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, decoder))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IllegalArgumentException("standard input: not valid UTF-8 after line " + (lines.size())
                        + " (" + e.getMessage() + ")", e);
            }
            return lines;
        }
    }
}
