package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.qa.BabiData;
import dev.rnn4j.qa.BabiTasks;
import dev.rnn4j.qa.QaAnswer;
import dev.rnn4j.qa.QaConfig;
import dev.rnn4j.qa.QaDefaults;
import dev.rnn4j.qa.QaEvaluation;
import dev.rnn4j.qa.QaExample;
import dev.rnn4j.qa.QaQuestion;
import dev.rnn4j.qa.QaTraining;
import dev.rnn4j.qa.QaVocabulary;
import dev.rnn4j.qa.QuestionAnswerer;
import dev.rnn4j.text.DataFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnn4j qa train|eval|ask}: question answering on bAbI with the LSTM reader or DMN+. */
@Command(name = "qa", mixinStandardHelpOptions = true,
        description = "Question answering on the bAbI tasks: train the LSTM reader (Keras babi_rnn) or DMN+ on one"
                + " task or all 20 jointly, report accuracy per task, answer a question about a story with the facts"
                + " attended to at every hop.",
        subcommands = {QaCommand.Train.class, QaCommand.Eval.class, QaCommand.Ask.class})
final class QaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    // ------------------------------------------------------------------ train

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Trains on the training files of --task in --data/--set; the last 10 %% of each file's"
                + " stories validate (the best epoch by validation accuracy is kept). The test files are not read."
                + " Writes the model folder --out (weights.safetensors, config.json; checkpoints in OUT/training).")
    static final class Train implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--data", paramLabel = "DIR", required = true,
                description = "The bAbI folder (holding en/ and en-10k/) or one"
                + " set's folder.")
        Path data;
        @Option(names = "--task", paramLabel = "N|all",
                description = "A task number 1..20, a comma-separated list, or 'all' (joint"
                + " training on the 20 tasks).")
        String task;
        @Option(names = "--joint", description = "All 20 tasks together (same as --task all).")
        boolean joint;
        @Option(names = "--set", paramLabel = "SET",
                description = "en (1k questions per task) or en-10k (default: ${DEFAULT-VALUE}).")
        String set = "en";
        @Option(names = "--model", paramLabel = "MODEL",
                description = "lstm (the Keras babi_rnn baseline) or dmn (DMN+; default:"
                + " ${DEFAULT-VALUE}).")
        String model = QaConfig.DMN;
        // --seed --epochs --batch-size --lr --threads --out --resume --quiet; epochs and batch size default per model
        @CommandLine.Mixin
        TrainingFlags training = new TrainingFlags(QaDefaults.DMN_EPOCHS, QaDefaults.DMN_BATCH, QaDefaults.LR);
        @Option(names = "--hidden", paramLabel = "N", description = "State size (default: 80 for dmn, 100 for lstm).")
        Integer hidden;
        @Option(names = "--embedding-dim", paramLabel = "N",
                description = "Word vector size (default: 50 for lstm; dmn uses --hidden).")
        Integer embedding;
        @Option(names = "--hops", paramLabel = "N",
                description = "DMN+ passes over the facts (default: ${DEFAULT-VALUE}).")
        int hops = QaDefaults.DMN_HOPS;
        @Option(names = "--dropout", paramLabel = "RATE",
                description = "Dropout rate (default: 0.1 for dmn, 0.3 for lstm).")
        Double dropout;
        @Option(names = "--max-facts", paramLabel = "N",
                description = "The most recent statements of a story read (0: all;"
                + " default: ${DEFAULT-VALUE}).")
        int maxFacts = QaDefaults.MAX_FACTS;
        @Option(names = "--weight-decay", paramLabel = "RATE",
                description = "L2 weight decay (default: 0).")
        Double weightDecay;
        @Option(names = "--patience", paramLabel = "N",
                description = "Stop after this many epochs without a better validation"
                + " accuracy (0: never; default: " + QaDefaults.DMN_PATIENCE + " for dmn, 0 for lstm).")
        Integer patience;
        @Option(names = "--attention-loss", paramLabel = "WEIGHT",
                description = "Weight of the supporting-fact attention loss (strong supervision, as Memory"
                + " Networks: hop k's attention is pushed onto the k-th supporting fact in the file's order, the"
                + " last hop onto any left over, the hops after the last fact unsupervised; 0: answers only, weak"
                + " supervision as DMN+; default: "
                + QaDefaults.DMN_ATTENTION_LOSS + ").")
        double attentionLoss = QaDefaults.DMN_ATTENTION_LOSS;
        @Option(names = "--restarts", paramLabel = "N",
                description = "Further runs, from seeds SEED+1, SEED+2, ..., while the best validation accuracy is"
                + " below --restart-below; the run with the best validation accuracy is kept (default: "
                + QaDefaults.DMN_RESTARTS + " for dmn, 0 for lstm).")
        Integer restarts;
        @Option(names = "--restart-below", paramLabel = "PERCENT",
                description = "The validation accuracy a run must reach for no restart (default: ${DEFAULT-VALUE}).")
        double restartBelow = QaDefaults.DMN_RESTART_BELOW;
        @Option(names = "--max-seconds", paramLabel = "S",
                description = "Training time budget in seconds, over all runs (0: none; default:"
                + " ${DEFAULT-VALUE}).")
        double maxSeconds = 0;

        @Override
        public Integer call() throws Exception {
            return asBadInput(this::run);
        }

        private Integer run() throws Exception {
            Main.useThreads(null); // --threads of the mixin already set the property
            if (!QaConfig.MODELS.contains(model)) {
                throw new IllegalArgumentException("--model: expected one of " + QaConfig.MODELS + ", got '" + model
                        + "'");
            }
            if (training.out() == null) {
                throw new IllegalArgumentException("--out: expected the model folder to write, got none");
            }
            if (joint && task != null && !task.equalsIgnoreCase("all")) {
                throw new IllegalArgumentException("--joint trains all 20 tasks; leave out --task " + task);
            }
            if (!joint && task == null) {
                throw new IllegalArgumentException("--task: expected a task number 1..20 or 'all' (or --joint)");
            }
            List<Integer> tasks = BabiTasks.parse(joint ? "all" : task);
            boolean dmn = model.equals(QaConfig.DMN);
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            int epochs = parsed.hasMatchedOption("--epochs") ? training.epochs() : QaDefaults.epochs(model);
            int batch = parsed.hasMatchedOption("--batch-size") ? training.batchSize() : QaDefaults.batchSize(model);
            BabiData babi = BabiData.load(data, set, tasks);
            for (String note : babi.notes()) {
                System.out.println("note: " + note);
            }
            QaVocabulary vocabulary = QaVocabulary.of(babi.train());
            System.out.printf(Locale.ROOT, "bAbI %s, task%s %s: %,d training and %,d validation questions (the last"
                            + " 10 %% of each file's stories); %,d words, %,d answers%n", set,
                    tasks.size() > 1 ? "s" : "", joint || tasks.size() == BabiTasks.COUNT ? "1-20 jointly"
                            : tasks.toString().replaceAll("[\\[\\] ]", ""), babi.train().size(),
                    babi.validation().size(), vocabulary.wordCount() - 3, vocabulary.answerCount());
            int h = hidden != null ? hidden : dmn ? QaDefaults.DMN_HIDDEN : QaDefaults.LSTM_HIDDEN;
            int e = dmn ? h : embedding != null ? embedding : QaDefaults.LSTM_EMBEDDING;
            if (dmn && embedding != null && embedding != h) {
                throw new IllegalArgumentException("--embedding-dim: DMN+ uses word vectors of the state size"
                        + " (--hidden " + h + "), got " + embedding);
            }
            QaConfig config = new QaConfig(model, vocabulary.wordCount(), vocabulary.answerCount(), e, h,
                    dmn ? hops : 1, dropout != null ? dropout : dmn ? QaDefaults.DMN_DROPOUT : QaDefaults.LSTM_DROPOUT,
                    maxFacts);
            QaTraining options = new QaTraining(training.seed(), epochs, batch, training.lr(),
                    weightDecay != null ? weightDecay
                            : dmn ? QaDefaults.DMN_WEIGHT_DECAY : QaDefaults.LSTM_WEIGHT_DECAY,
                    QaDefaults.CLIP, attentionLoss, patience != null ? patience : dmn ? QaDefaults.DMN_PATIENCE : 0,
                    restarts != null ? restarts : dmn ? QaDefaults.DMN_RESTARTS : 0, restartBelow, maxSeconds,
                    training.out().resolve("training"), training.resume(), training.quiet(), System.err);
            QuestionAnswerer trained = QuestionAnswerer.train(vocabulary, babi.train(), babi.validation(), config,
                    options);
            trained.save(training.out());
            System.out.println("model: " + trained);
            printEvaluation("validation", trained.evaluate(babi.validation()));
            System.out.println("saved to " + training.out());
            return 0;
        }
    }

    // ------------------------------------------------------------------ eval

    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Accuracy per task of a saved model on the bAbI test files (or the validation split), with"
                + " the mean error and the number of failed tasks (error above 5 %%). A question whose answer the"
                + " model never saw in training counts as wrong.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "DIR", required = true, description = "Model folder from 'qa train'.")
        Path modelDir;
        @Option(names = "--data", paramLabel = "DIR", required = true,
                description = "The bAbI folder (holding en/ and en-10k/) or one"
                + " set's folder.")
        Path data;
        @Option(names = "--task", paramLabel = "N|all",
                description = "Task numbers or 'all' (default: the tasks the model trained on).")
        String task;
        @Option(names = "--set", paramLabel = "SET",
                description = "en or en-10k: the test files are the same in both; for --split valid, the set the"
                + " model trained on (required then).")
        String set;
        @Option(names = "--split", paramLabel = "SPLIT",
                description = "test, or valid (the last 10 %% of the training files' stories;"
                + " default: ${DEFAULT-VALUE}).")
        String split = "test";
        @Option(names = "--metrics-json", paramLabel = "FILE",
                description = "Also write the results to this JSON file.")
        Path metricsJson;
        @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            return asBadInput(this::run);
        }

        private Integer run() throws Exception {
            if (!split.equals("test") && !split.equals("valid")) {
                throw new IllegalArgumentException("--split: expected test or valid, got '" + split + "'");
            }
            Main.useThreads(threads);
            QuestionAnswerer model = QuestionAnswerer.load(modelDir);
            List<Integer> tasks;
            if (task != null) {
                tasks = BabiTasks.parse(task);
            } else {
                tasks = new ArrayList<>();
                if (model.trainingInfo() != null) {
                    model.trainingInfo().path("tasks").forEach(t -> tasks.add(t.asInt()));
                }
                if (tasks.isEmpty() || tasks.contains(0)) {
                    throw new IllegalArgumentException(modelDir + ": the model does not say which tasks it trained"
                            + " on; give --task");
                }
            }
            if (split.equals("valid") && set == null) {
                throw new IllegalArgumentException("--split valid: give --set, the set the model trained on (en or"
                        + " en-10k), whose training files hold its validation stories");
            }
            List<QaExample> examples = split.equals("test") ? BabiData.test(data, set == null ? "en" : set, tasks)
                    : BabiData.load(data, set, tasks).validation();
            QaEvaluation e = model.evaluate(examples);
            System.out.println("model: " + model);
            printEvaluation(split, e);
            if (metricsJson != null) {
                writeJson(metricsJson, e, split, modelDir);
                System.out.println("metrics: " + metricsJson);
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ ask

    @Command(name = "ask", aliases = "answer", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Answers a question about the story in --story (one statement per line, with or without"
                + " bAbI line ids), printing the answer with its probability and, for DMN+, the statements attended"
                + " to at every hop with their weights. Words the model never saw read as its unknown symbol and"
                + " are listed.")
    static final class Ask implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "DIR", required = true, description = "Model folder from 'qa train'.")
        Path modelDir;
        @Option(names = "--story", paramLabel = "FILE", required = true,
                description = "The story, one statement per line.")
        Path story;
        @Option(names = "--question", paramLabel = "TEXT", description = "The question (or give it as the argument).")
        String questionOption;
        @Parameters(arity = "0..1", paramLabel = "QUESTION", description = "The question, e.g. \"Where is Mary?\".")
        String questionArgument;
        @Option(names = "--top", paramLabel = "N",
                description = "Statements shown per hop, the most attended first (default:"
                + " ${DEFAULT-VALUE}).")
        int top = 3;
        @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            return asBadInput(this::run);
        }

        private Integer run() throws Exception {
            if (questionOption != null && questionArgument != null) {
                throw new IllegalArgumentException("give the question once: as --question or as the argument");
            }
            String question = questionOption != null ? questionOption : questionArgument;
            if (question == null || question.isBlank()) {
                throw new IllegalArgumentException("expected a question, as --question \"...\" or as the argument");
            }
            List<String> statements = readStory(story);
            Main.useThreads(threads);
            QuestionAnswerer model = QuestionAnswerer.load(modelDir);
            QaAnswer a = model.predict(new QaQuestion(statements, question));
            if (!a.unknownWords().isEmpty()) {
                System.out.println("unknown words (read as the unknown symbol): " + String.join(", ",
                        a.unknownWords()));
            }
            System.out.printf(Locale.ROOT, "answer: %s (probability %.3f)%n", a.answer(), a.probability());
            List<String> others = new ArrayList<>();
            for (Map.Entry<String, Double> p : a.probabilities().entrySet()) {
                if (!p.getKey().equals(a.answer()) && others.size() < 2) {
                    others.add(String.format(Locale.ROOT, "%s %.3f", p.getKey(), p.getValue()));
                }
            }
            if (!others.isEmpty()) {
                System.out.println("next: " + String.join(", ", others));
            }
            if (a.firstFact() > 0) {
                System.out.println("read the last " + (statements.size() - a.firstFact()) + " of "
                        + statements.size() + " statements");
            }
            List<double[]> hops = a.attention();
            for (int h = 0; h < hops.size(); h++) {
                double[] w = hops.get(h);
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < w.length; i++) {
                    order.add(i);
                }
                order.sort(Comparator.comparingDouble(i -> -w[i]));
                System.out.println("hop " + (h + 1) + ":");
                for (int k = 0; k < Math.min(top, order.size()); k++) {
                    int i = order.get(k);
                    System.out.printf(Locale.ROOT, "  %.3f  %d %s%n", w[i], a.firstFact() + i + 1,
                            statements.get(a.firstFact() + i));
                }
            }
            return 0;
        }

        /** The statements of a story file; a line may start with its bAbI line id. */
        static List<String> readStory(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(file, 0, "story file not found");
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new DataFormatException(file, 0, "not UTF-8 text", e);
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.indexOf('\t') >= 0) {
                    throw new DataFormatException(file, i + 1, "a question line (it holds a tab); the story holds"
                            + " statements only, give the question on the command line");
                }
                String statement = line.replaceFirst("^\\d+ +", "").strip();
                if (!statement.isEmpty()) {
                    out.add(statement);
                }
            }
            if (out.isEmpty()) {
                throw new DataFormatException(file, 0, "empty story: expected at least one statement");
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A command's work. */
    @FunctionalInterface
    interface Body {
        Integer run() throws Exception;
    }

    /** Runs {@code body}, turning a data format problem (file and line) into bad input (exit status 2). */
    static Integer asBadInput(Body body) throws Exception {
        try {
            return body.run();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The per-task table, then the mean error and the failed tasks. */
    static void printEvaluation(String what, QaEvaluation e) {
        System.out.println(what + ":");
        System.out.println("  task                              questions  accuracy   error");
        for (Map.Entry<Integer, QaEvaluation.TaskScore> t : e.tasks().entrySet()) {
            QaEvaluation.TaskScore s = t.getValue();
            String name = t.getKey() >= 1 ? t.getKey() + " " + BabiTasks.name(t.getKey()) : "(no task)";
            System.out.printf(Locale.ROOT, "  %-32s %10d  %7.2f %%  %5.2f %%%s%s%n", name, s.questions(),
                    s.accuracy(), s.error(), s.passed() ? "" : "  failed",
                    s.unknown() > 0 ? "  (" + s.unknown() + " answers never seen in training, counted wrong)" : "");
        }
        System.out.printf(Locale.ROOT, "  mean error %.2f %% over %d task(s); failed tasks (error > 5 %%): %d%n",
                e.meanError(), e.tasks().size(), e.failedTasks());
    }

    private static void writeJson(Path file, QaEvaluation e, String split, Path modelDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("model", modelDir.toString()).put("split", split).put("mean_error", e.meanError())
                .put("failed_tasks", e.failedTasks()).put("accuracy", e.overallAccuracy());
        ArrayNode tasks = root.putArray("tasks");
        e.tasks().forEach((t, s) -> tasks.addObject().put("task", t).put("name", t >= 1 ? BabiTasks.name(t) : "")
                .put("questions", s.questions()).put("correct", s.correct()).put("accuracy", s.accuracy())
                .put("error", s.error()).put("unknown_answers", s.unknown()));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                StandardCharsets.UTF_8);
    }
}
