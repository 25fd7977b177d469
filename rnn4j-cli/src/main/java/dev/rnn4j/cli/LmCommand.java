package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn4j.chart.Charts;
import dev.rnn4j.lm.BpeVocabulary;
import dev.rnn4j.lm.CharVocabulary;
import dev.rnn4j.lm.Evaluation;
import dev.rnn4j.lm.Generation;
import dev.rnn4j.lm.GenerationRequest;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelConfig;
import dev.rnn4j.lm.LanguageModelDefaults;
import dev.rnn4j.lm.LanguageModelTraining;
import dev.rnn4j.lm.TokenVocabulary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnn4j lm train|eval|generate}: a character-level (or BPE subword) recurrent language model (char-rnn). */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = "Character-level (or BPE subword) language model: train an LSTM (or any registered cell) on a"
                + " text file with stateful truncated backpropagation, score a text in nats per token and bits per"
                + " character, generate text.",
        subcommands = {LmCommand.Train.class, LmCommand.Eval.class, LmCommand.Generate.class})
final class LmCommand implements Runnable {

    /** {@code --merges} when not given. */
    static final int DEFAULT_MERGES = 1000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    // ------------------------------------------------------------------ train

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Trains on --text: its first part trains, the next part validates (the best epoch by"
                + " validation loss is kept) and an optional last part tests, split contiguously by fraction"
                + " (default 90 %% / 10 %%, nanoGPT's split); or --val FILE validates. Writes the model folder"
                + " --out (weights.safetensors, config.json, loss.png; the run's checkpoints in OUT/training).")
    static final class Train implements Callable<Integer> {
        @Option(names = "--text", required = true, description = "The training text (UTF-8).")
        Path text;
        @Option(names = "--val", description = "A separate validation text (then --text is not split for it).")
        Path val;
        @Option(names = "--val-fraction", description = "Part of --text after the training part that validates"
                + " (default: ${DEFAULT-VALUE}).")
        double valFraction = 0.1;
        @Option(names = "--test-fraction", description = "Last part of --text held out and scored at the end"
                + " (default: ${DEFAULT-VALUE}).")
        double testFraction = 0;
        @Option(names = "--tokens", paramLabel = "char|bpe", description = "Token unit: char (every character of the"
                + " training part, plus an unknown symbol) or bpe (subwords learned on the training part only; any"
                + " text encodes) (default: ${DEFAULT-VALUE}).")
        String tokens = "char";
        @Option(names = "--merges", paramLabel = "N", description = "--tokens bpe: BPE merges, at least 1 (fewer"
                + " when no pair occurs twice any more; default: " + DEFAULT_MERGES + ").")
        Integer merges;
        // the shared flags --seed --epochs --batch-size (parallel streams) --lr --threads --out --resume --quiet
        @CommandLine.Mixin
        TrainingFlags training = new TrainingFlags(LanguageModelDefaults.EPOCHS, LanguageModelDefaults.STREAMS, LanguageModelDefaults.LR);
        @Option(names = "--cell", description = "Recurrent cell by its registry name (default: ${DEFAULT-VALUE}).")
        String cell = "LSTM";
        @Option(names = "--embedding-dim", description = "Embedding size (default: ${DEFAULT-VALUE}).")
        int embedding = LanguageModelDefaults.EMBEDDING;
        @Option(names = "--hidden", description = "Hidden size (default: ${DEFAULT-VALUE}).")
        int hidden = LanguageModelDefaults.HIDDEN;
        @Option(names = "--layers", description = "Recurrent layers (default: ${DEFAULT-VALUE}).")
        int layers = LanguageModelDefaults.LAYERS;
        @Option(names = "--dropout", description = "Dropout on embeddings, between layers and on the output"
                + " (default: ${DEFAULT-VALUE}).")
        double dropout = LanguageModelDefaults.DROPOUT;
        @Option(names = "--weight-dropout", description = "DropConnect on the recurrent weights (default:"
                + " ${DEFAULT-VALUE}).")
        double weightDropout = 0;
        @Option(names = "--embedding-dropout", description = "Whole characters dropped from the embedding"
                + " (default: ${DEFAULT-VALUE}).")
        double embeddingDropout = 0;
        @Option(names = "--tie-weights", description = "Decoder weight = embedding matrix (needs --embedding-dim"
                + " = --hidden).")
        boolean tieWeights;
        @Option(names = "--window", description = "Time steps per window, T (default: ${DEFAULT-VALUE}).")
        int window = LanguageModelDefaults.WINDOW;
        @Option(names = "--random-window", description = "Random window lengths around T, as AWD-LSTM.")
        boolean randomWindow;
        @Option(names = "--lr-decay", description = "Learning rate factor after each epoch (default:"
                + " ${DEFAULT-VALUE}).")
        double lrDecay = LanguageModelDefaults.LR_DECAY;
        @Option(names = "--clip", description = "Gradient norm clip (default: ${DEFAULT-VALUE}).")
        double clip = LanguageModelDefaults.CLIP;
        @Option(names = "--patience", description = "Stop after this many epochs without a better validation loss"
                + " (0: never; default: ${DEFAULT-VALUE}).")
        int patience = 0;
        @Option(names = "--max-seconds", description = "Training time budget in seconds (0: none; default:"
                + " ${DEFAULT-VALUE}).")
        double maxSeconds = 0;
        @Option(names = "--checkpoint-every", description = "Also checkpoint every N steps (0: at epoch ends;"
                + " default: ${DEFAULT-VALUE}).")
        long checkpointEvery = 0;
        @Option(names = "--chart", description = "PNG of the loss per epoch (default: OUT/loss.png).")
        Path chart;
        @Option(names = "--sample-length", description = "Characters of the sample printed at the end (0: none;"
                + " default: ${DEFAULT-VALUE}).")
        int sampleLength = 300;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(null); // --threads of the mixin already set the property
            Path out = training.out();
            if (out == null) {
                throw new IllegalArgumentException("--out: expected the model folder to write, got none");
            }
            if (!(testFraction >= 0 && testFraction < 1)) {
                throw new IllegalArgumentException("--test-fraction: expected a fraction in [0, 1), got "
                        + testFraction);
            }
            if (val == null && !(valFraction > 0 && valFraction + testFraction < 1)) {
                throw new IllegalArgumentException("--val-fraction: expected a fraction > 0 that leaves a training"
                        + " part (with --test-fraction " + testFraction + "), got " + valFraction);
            }
            boolean subwords = switch (tokens) {
                case "char" -> false;
                case "bpe" -> true;
                default -> throw new IllegalArgumentException("--tokens: expected char or bpe, got " + tokens);
            };
            if (merges != null && !subwords) {
                throw new IllegalArgumentException("--merges: applies to --tokens bpe only");
            }
            int mergeCount = merges == null ? DEFAULT_MERGES : merges;
            if (mergeCount < 1) {
                throw new IllegalArgumentException("--merges: expected at least 1, got " + mergeCount);
            }
            String all = readText(text);
            int n = all.codePointCount(0, all.length());
            // as nanoGPT's prepare.py: the first floor(0.9 n) characters train, the rest validate
            int testStart = testFraction == 0 ? n : (int) Math.floor((1 - testFraction) * n);
            int validStart = val != null ? testStart : (int) Math.floor((1 - valFraction - testFraction) * n);
            String trainText = slice(all, 0, validStart);
            String validText = val != null ? readText(val) : slice(all, validStart, testStart);
            String testText = slice(all, testStart, n);
            System.err.printf(Locale.ROOT, "%s: %,d characters; training %,d, validation %,d%s, test %,d%n", text,
                    n, validStart, validText.codePointCount(0, validText.length()), val != null ? " (" + val + ")" : "",
                    n - testStart);
            TokenVocabulary vocabulary;
            try {
                vocabulary = subwords ? BpeVocabulary.learn(trainText, mergeCount) : CharVocabulary.of(trainText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(text + ": the training part: " + e.getMessage(), e);
            }
            if (vocabulary instanceof BpeVocabulary bpe) {
                System.err.printf(Locale.ROOT, "subwords: BPE learned on the training part, %,d merges, %,d ids%n",
                        bpe.merges(), bpe.size());
            }
            if (validText.codePointCount(0, validText.length()) < 2) {
                throw new IllegalArgumentException((val != null ? val : text) + ": the validation part has "
                        + validText.codePointCount(0, validText.length()) + " character(s); it needs at least 2"
                        + " (a longer text, a larger --val-fraction, or --val FILE)");
            }
            LanguageModelConfig config = new LanguageModelConfig(cell, vocabulary.size(), embedding, hidden, layers,
                    dropout, weightDropout, embeddingDropout, tieWeights);
            LanguageModelTraining options = new LanguageModelTraining(training.seed(), training.epochs(),
                    training.batchSize(), window, randomWindow, training.lr(), lrDecay, clip, patience, maxSeconds,
                    checkpointEvery, out.resolve("training"), training.resume(), training.quiet(), System.err);
            LanguageModel model;
            try {
                model = LanguageModel.train(vocabulary, trainText, validText, config, options);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(text + ": " + e.getMessage(), e);
            }
            model.save(out);
            System.out.println("model: " + model);
            System.out.println("validation: " + model.evaluate(validText, window));
            if (!testText.isEmpty() && testText.codePointCount(0, testText.length()) >= 2) {
                System.out.println("test: " + model.evaluate(testText, window));
            }
            Path png = chart != null ? chart : out.resolve("loss.png");
            if (writeChart(png, model.trainingInfo(), subwords)) {
                System.out.println("chart: " + png);
            }
            System.out.println("saved to " + out);
            if (sampleLength > 0) {
                String prime = !(vocabulary instanceof CharVocabulary chars) || chars.contains('\n') ? "\n"
                        : chars.symbols().get(0);
                Generation g = model.generate(new GenerationRequest(prime, sampleLength, 0.8, 0, 1.0, false,
                        training.seed(), 1, false));
                System.out.println("sample (temperature 0.8):");
                System.out.println(g.samples().get(0).text());
            }
            return 0;
        }

        /** Writes the loss per epoch; false when no epoch was completed. */
        private static boolean writeChart(Path png, JsonNode info, boolean subwords) throws IOException {
            JsonNode history = info.path("history");
            int epochs = history.size();
            if (epochs == 0) {
                return false;
            }
            double[] x = new double[epochs];
            double[] trainLoss = new double[epochs];
            double[] validLoss = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                x[e] = history.get(e).path("epoch").asDouble();
                trainLoss[e] = history.get(e).path("loss").asDouble();
                validLoss[e] = history.get(e).path("val_loss").asDouble();
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("training", trainLoss);
            series.put("validation", validLoss);
            Charts.lineChart(png, subwords ? "BPE language model" : "character language model", "epoch",
                    subwords ? "loss (nats per subword)" : "loss (nats per character)", series, x, false);
            return true;
        }
    }

    // ------------------------------------------------------------------ eval

    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Scores a text with a saved model: loss in nats per token (a character, or a subword of a"
                + " BPE model), bits per character (the total loss over the text's characters, so character and BPE"
                + " models compare) and perplexity per token. Characters a character model never saw count as its"
                + " unknown symbol.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'lm train'.")
        Path modelDir;
        @Option(names = "--text", required = true, description = "The text to score (UTF-8).")
        Path text;
        @Option(names = "--window", description = "Time steps per forward pass (default: the training window).")
        Integer window;
        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(threads);
            LanguageModel model = LanguageModel.load(modelDir);
            int w = window != null ? window : model.trainingInfo() == null ? LanguageModelDefaults.WINDOW
                    : model.trainingInfo().path("window").asInt(LanguageModelDefaults.WINDOW);
            String body = readText(text);
            Evaluation e;
            try {
                e = model.evaluate(body, w);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(text + ": " + ex.getMessage(), ex);
            }
            System.out.println("model: " + model);
            System.out.println(text + ": " + e);
            return 0;
        }
    }

    // ------------------------------------------------------------------ generate

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Generates text after --prime with a saved model, streaming one sample to standard output"
                + " as it is produced (a character model a character at a time, a BPE model a decoded subword at a"
                + " time). A character model's prime may only hold characters of its training text; a BPE model"
                + " tokenises any prime with its BPE.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'lm train'.")
        Path modelDir;
        @Option(names = "--prime", description = "Text to start from (default: a newline).")
        String prime = "\n";
        @Option(names = "--length", description = "Tokens to generate: characters, or subwords of a BPE model"
                + " (default: ${DEFAULT-VALUE}).")
        int length = 500;
        @Option(names = "--temperature", description = "Sampling temperature > 0 (default: ${DEFAULT-VALUE}).")
        double temperature = 1.0;
        @Option(names = "--top-k", description = "Sample among the K most likely characters (0: all; default:"
                + " ${DEFAULT-VALUE}).")
        int topK = 0;
        @Option(names = "--top-p", description = "Sample among the most likely characters up to this probability,"
                + " in (0, 1] (default: ${DEFAULT-VALUE}).")
        double topP = 1.0;
        @Option(names = "--greedy", description = "Take the most likely character at every step.")
        boolean greedy;
        @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed = 42;
        @Option(names = "--samples", description = "Samples generated together in one batch (default:"
                + " ${DEFAULT-VALUE}).")
        int samples = 1;
        @Option(names = "--probabilities", description = "Also print each generated character's probability.")
        boolean probabilities;
        @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            GenerationRequest request = new GenerationRequest(prime, length, temperature, topK, topP, greedy, seed,
                    samples, probabilities);
            Main.useThreads(threads);
            LanguageModel model = LanguageModel.load(modelDir);
            PrintStream out = System.out;
            boolean stream = samples == 1 && !probabilities;
            if (stream) {
                out.print(prime);
                out.flush();
            }
            Generation g = model.generate(request, stream ? (sample, chars) -> {
                out.print(chars);
                out.flush();
            } : null);
            if (stream) {
                out.println();
                return 0;
            }
            for (int s = 0; s < g.samples().size(); s++) {
                Generation.Sample sample = g.samples().get(s);
                if (samples > 1) {
                    out.println("--- sample " + (s + 1) + " of " + samples + " ---");
                }
                out.println(prime + sample.text());
                if (probabilities) {
                    double[] p = sample.probabilities();
                    boolean characters = model.vocabulary() instanceof CharVocabulary;
                    out.println(characters ? "character\tprobability" : "subword\tprobability");
                    for (int i = 0; i < p.length; i++) {
                        String piece = sample.pieces().get(i);
                        out.printf(Locale.ROOT, "%s\t%.6f%n", characters ? visible(piece.codePointAt(0))
                                : visibleText(piece), p[i]);
                    }
                }
            }
            return 0;
        }

        /** A subword with its line breaks and tabs escaped, quoted when it has spaces at either end. */
        private static String visibleText(String piece) {
            String escaped = piece.replace("\n", "\\n").replace("\t", "\\t");
            return escaped.isEmpty() || escaped.startsWith(" ") || escaped.endsWith(" ") ? "'" + escaped + "'"
                    : escaped;
        }

        private static String visible(int cp) {
            return switch (cp) {
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case ' ' -> "' '";
                default -> new String(Character.toChars(cp));
            };
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The file's text; an error names the file when it is missing or not UTF-8. */
    static String readText(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": text file not found");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (" + e.getMessage() + ")", e);
        }
    }

    /** Code points [from, to) of {@code s}. */
    static String slice(String s, int from, int to) {
        int a = s.offsetByCodePoints(0, from);
        int b = s.offsetByCodePoints(a, to - from);
        return s.substring(a, b);
    }
}
