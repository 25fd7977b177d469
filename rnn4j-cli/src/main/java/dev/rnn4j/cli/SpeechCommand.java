package dev.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.chart.SpectrogramImage;
import dev.rnn4j.ctc.CtcHypothesis;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.speech.audio.Waveform;
import dev.rnn4j.speech.data.ConnectedDigits;
import dev.rnn4j.speech.data.ConnectedUtterance;
import dev.rnn4j.speech.data.FsddDataset;
import dev.rnn4j.speech.data.FsddRecording;
import dev.rnn4j.speech.features.FeatureExtractor;
import dev.rnn4j.speech.features.FeatureSettings;
import dev.rnn4j.speech.model.AcousticDecoding;
import dev.rnn4j.speech.model.AcousticModelConfig;
import dev.rnn4j.speech.model.AcousticTrainer;
import dev.rnn4j.speech.model.AcousticTraining;
import dev.rnn4j.speech.model.DigitCorpus;
import dev.rnn4j.speech.model.DigitScores;
import dev.rnn4j.speech.model.FrameSubsampling;
import dev.rnn4j.speech.model.SpeechModelFolder;
import dev.rnn4j.speech.model.SpeechTask;
import dev.rnn4j.speech.model.Transcriber;
import dev.rnn4j.speech.model.Transcription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnn4j speech train|eval|transcribe}: spoken-digit recognition on the Free Spoken Digit Dataset. */
@Command(name = "speech", mixinStandardHelpOptions = true,
        description = "Spoken digits: train a bidirectional GRU/LSTM on log-mel features of the Free Spoken Digit"
                + " Dataset (isolated digits with cross entropy, connected digits with CTC), evaluate it on the"
                + " official test recordings, transcribe WAV files.",
        subcommands = {SpeechCommand.Train.class, SpeechCommand.Eval.class, SpeechCommand.Transcribe.class})
final class SpeechCommand implements Runnable {
    /** Seed of the generated connected-digit utterances (training, validation, test: seed, +1, +2). */
    static final long UTTERANCE_SEED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Trains on the official training recordings (index 5-49; index 5-7 validate and pick the"
                    + " best epoch), or with --holdout-speaker on every recording of the other speakers (their"
                    + " index 5-7 validate), and writes the model folder --out (weights.safetensors, config.json,"
                    + " normalizer.json; the run's checkpoints in OUT/training).")
    static final class Train implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "The FSDD folder (with recordings/).")
        Path data;
        @Option(names = "--task", description = "digits or connected (default: ${DEFAULT-VALUE}).")
        String task = "digits";
        @CommandLine.Mixin
        TrainingFlags training = new TrainingFlags(20, 32, 3e-3);
        @Option(names = "--cell", description = "GRU or LSTM (default: ${DEFAULT-VALUE}).")
        String cell = "GRU";
        @Option(names = "--hidden", description = "Hidden size per direction (default: ${DEFAULT-VALUE}).")
        int hidden = 64;
        @Option(names = "--layers", description = "Bidirectional layers (default: ${DEFAULT-VALUE}).")
        int layers = 2;
        @Option(names = "--subsample", paramLabel = "stack|stride", description = "Frame subsampling: stack (k"
                + " frames concatenated into one step) or stride (every k-th frame kept) (default: ${DEFAULT-VALUE}).")
        String subsample = "stack";
        @Option(names = {"--stack", "--subsample-factor"}, paramLabel = "K", description = "Frames per step"
                + " (default: 2 for digits, 3 for connected).")
        Integer stack;
        @Option(names = "--holdout-speaker", paramLabel = "NAME", description = "Isolated digits, leave one speaker"
                + " out: train without any recording of this speaker; 'speech eval' then tests on all of them.")
        String holdoutSpeaker;
        @Option(names = "--dropout", description = "Dropout (default: ${DEFAULT-VALUE}).")
        double dropout = 0.1;
        @Option(names = "--lr-decay", description = "Learning rate factor per epoch (default: ${DEFAULT-VALUE}).")
        double lrDecay = 0.9;
        @Option(names = "--no-spec-augment", description = "Train without SpecAugment masks.")
        boolean noSpecAugment;
        @Option(names = "--utterances", description = "Connected digits: training utterances (default:"
                + " ${DEFAULT-VALUE}).")
        int utterances = 2000;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(null);
            if (training.out() == null) {
                throw new IllegalArgumentException("--out: expected the model folder to write, got none");
            }
            SpeechTask speechTask = parseTask(task);
            FeatureSettings settings = FeatureSettings.defaults(8000);
            FeatureExtractor extractor = new FeatureExtractor(settings);
            FrameSubsampling subsampling = parseSubsampling(subsample);
            FsddDataset dataset = FsddDataset.load(data);
            if (holdoutSpeaker != null && speechTask != SpeechTask.DIGITS) {
                throw new IllegalArgumentException("--holdout-speaker: expected --task digits (leave one speaker out"
                        + " is measured on isolated digits), got --task " + task);
            }
            DigitCorpus corpus = holdoutSpeaker != null
                    ? DigitCorpus.isolated(heldOutSplit(dataset, holdoutSpeaker, "--holdout-speaker"), extractor)
                    : speechTask == SpeechTask.DIGITS ? DigitCorpus.isolated(dataset, extractor)
                    : DigitCorpus.connected(dataset, extractor, ConnectedDigits.defaults(), utterances,
                    Math.max(1, utterances / 10), 0, UTTERANCE_SEED);
            System.err.printf(Locale.ROOT, "%s: %d training and %d validation utterances%s%n", data,
                    corpus.train().size(), corpus.validation().size(),
                    holdoutSpeaker == null ? "" : " (without " + holdoutSpeaker + ")");
            AcousticModelConfig config = new AcousticModelConfig(speechTask,
                    CellType.valueOf(cell.toUpperCase(Locale.ROOT)), settings.melBands(), subsampling,
                    stack != null ? stack : speechTask == SpeechTask.DIGITS ? 2 : 3, hidden, layers, dropout);
            AcousticTraining options = new AcousticTraining(training.seed(), training.epochs(), training.batchSize(),
                    training.lr(), lrDecay, 5.0, !noSpecAugment, training.out().resolve("training"),
                    training.resume(), training.quiet(), System.out);
            AcousticTrainer.Trained trained = AcousticTrainer.train(config, corpus.train(), corpus.validation(),
                    options, null);
            SpeechModelFolder.save(training.out(), trained.network(), corpus.normalizer(), settings.sampleRate(),
                    holdoutSpeaker);
            System.out.printf(Locale.ROOT, "kept epoch %d (validation %s %.4f); model in %s%n",
                    trained.result().bestEpoch(), speechTask == SpeechTask.DIGITS ? "accuracy" : "DER",
                    trained.result().bestValue(), training.out());
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Scores a model on the official test recordings (index 0-4), or a model trained with"
                    + " --holdout-speaker on every recording of that speaker: accuracy for isolated digits; digit"
                    + " error rate and sequence accuracy for connected digits (greedy decoding).")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'speech train'.")
        Path model;
        @Option(names = "--data", required = true, description = "The FSDD folder (with recordings/).")
        Path data;
        @Option(names = "--utterances", description = "Connected digits: test utterances (default:"
                + " ${DEFAULT-VALUE}).")
        int utterances = 500;
        @Option(names = "--metrics-json", description = "Also write the metrics to this JSON file.")
        Path metricsJson;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(null);
            Transcriber transcriber = Transcriber.load(model);
            String heldOut = SpeechModelFolder.heldOutSpeaker(model);
            FsddDataset dataset = FsddDataset.load(data);
            FsddDataset.Split split = heldOut == null ? dataset.officialSplit()
                    : heldOutSplit(dataset, heldOut, model + " (trained without " + heldOut + ")");
            List<float[][]> features = new ArrayList<>();
            List<int[]> references = new ArrayList<>();
            SpeechTask speechTask = transcriber.network().config().task();
            if (speechTask == SpeechTask.DIGITS) {
                for (FsddRecording r : split.test()) {
                    features.add(transcriber.features(
                            dev.rnn4j.speech.audio.WavReader.read(r.file()).waveform()));
                    references.add(new int[] {r.digit()});
                }
            } else {
                for (ConnectedUtterance u : ConnectedDigits.defaults().generate(split.test(), utterances,
                        UTTERANCE_SEED + 2, ConnectedDigits.cachedReader())) {
                    features.add(transcriber.features(u.waveform()));
                    references.add(u.digits());
                }
            }
            int[][] recognised = AcousticDecoding.recognise(transcriber.network(), features, 32);
            DigitScores scores = DigitScores.of(recognised, references.toArray(int[][]::new));
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("task", speechTask.name().toLowerCase(Locale.ROOT)).put("utterances", scores.utterances());
            if (heldOut != null) {
                json.put("held_out_speaker", heldOut);
            }
            if (speechTask == SpeechTask.DIGITS) {
                json.put("accuracy", scores.sequenceAccuracy());
                System.out.printf(Locale.ROOT, "test accuracy %.4f (%d of %d recordings%s)%n",
                        scores.sequenceAccuracy(), scores.exact(), scores.utterances(),
                        heldOut == null ? "" : " of the held-out speaker " + heldOut);
            } else {
                json.put("digit_error_rate", scores.digitErrorRate()).put("sequence_accuracy",
                        scores.sequenceAccuracy());
                System.out.printf(Locale.ROOT, "test digit error rate %.4f (%d edits in %d digits), sequence"
                                + " accuracy %.4f (%d utterances)%n", scores.digitErrorRate(), scores.edits(),
                        scores.referenceDigits(), scores.sequenceAccuracy(), scores.utterances());
            }
            if (metricsJson != null) {
                Files.writeString(metricsJson, json.toPrettyString());
            }
            return 0;
        }
    }

    @Command(name = "transcribe", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Prints the digits heard in each WAV file (resampled to the model's rate if needed).")
    static final class Transcribe implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder from 'speech train'.")
        Path model;
        @Option(names = "--alignment-png", description = "Connected digits: PNG of the first file's spectrogram"
                + " with the CTC frame-wise best label under it.")
        Path alignmentPng;
        @Parameters(arity = "1..*", paramLabel = "FILE.wav", description = "WAV files.")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            Main.useThreads(null);
            Transcriber transcriber = Transcriber.load(model);
            for (Path file : files) {
                Transcription t = transcriber.transcribe(file);
                StringBuilder line = new StringBuilder(file + ": " + t.text());
                if (t.probabilities() != null) {
                    line.append(String.format(Locale.ROOT, " (p = %.3f)", t.probabilities()[t.digits()[0]]));
                } else {
                    for (CtcHypothesis h : t.nBest()) {
                        StringBuilder digits = new StringBuilder();
                        for (int d : h.labels()) {
                            digits.append(d);
                        }
                        line.append(String.format(Locale.ROOT, " | %s %.2f", digits, h.logProbability()));
                    }
                }
                if (t.resampled()) {
                    line.append(" [resampled to ").append(transcriber.sampleRate()).append(" Hz]");
                }
                System.out.println(line);
            }
            if (alignmentPng != null) {
                Transcription t = transcriber.transcribe(files.get(0));
                if (t.alignment().length == 0) {
                    throw new IllegalArgumentException("--alignment-png: needs a connected-digit (CTC) model");
                }
                Waveform audio = dev.rnn4j.speech.audio.AudioLoader.load(files.get(0), transcriber.sampleRate(),
                        1).waveform();
                float[][] features = transcriber.features(audio);
                int factor = transcriber.network().config().factor(); // step t covers frames t·k ... t·k + k − 1
                List<String> labels = new ArrayList<>();
                for (int frame = 0; frame < features.length; frame++) {
                    int label = t.alignment()[frame / factor];
                    labels.add(label == 0 ? "" : Integer.toString(label - 1));
                }
                SpectrogramImage.write(alignmentPng, features, labels);
                System.out.println("alignment: " + alignmentPng);
            }
            return 0;
        }
    }

    /**
     * The leave-one-speaker-out split for {@code speaker}.
     *
     * @param what names the setting in the error, e.g. {@code --holdout-speaker}
     * @throws IllegalArgumentException listing the data's speakers if {@code speaker} has no recordings
     */
    static FsddDataset.Split heldOutSplit(FsddDataset dataset, String speaker, String what) {
        if (!dataset.speakers().contains(speaker)) {
            throw new IllegalArgumentException(what + ": expected one of the speakers " + dataset.speakers() + " in "
                    + dataset.folder() + ", got " + speaker);
        }
        return dataset.leaveOneSpeakerOut(speaker);
    }

    static FrameSubsampling parseSubsampling(String subsample) {
        try {
            return FrameSubsampling.parse(subsample);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--subsample: expected stack or stride, got " + subsample, e);
        }
    }

    static SpeechTask parseTask(String task) {
        return switch (task == null ? "" : task.toLowerCase(Locale.ROOT)) {
            case "digits" -> SpeechTask.DIGITS;
            case "connected" -> SpeechTask.CONNECTED;
            default -> throw new IllegalArgumentException("--task: expected digits or connected, got " + task);
        };
    }
}
