package dev.rnn4j.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.predict.Predictors;
import dev.rnn4j.quantize.ModelQuantizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn4j quantize} on a tiny trained translator (bidirectional GRU encoder, attention decoder): the
 * int8 folder loads through {@link Predictors}; of 10 dev sentences at least 5 get the float model's greedy
 * translation (6 here: this 3-epoch model's choices are often near ties), each with a log-probability within
 * 0.05 per target token of the float model's.
 */
class QuantizedTranslatorTest {

    @Test
    void theInt8TranslatorTranslatesAsTheFloatOne(@TempDir Path dir) throws Exception {
        ParallelCorpus train = TranslatorTest.pairs(dir, "train", 0, 150);
        ParallelCorpus dev = TranslatorTest.pairs(dir, "dev", 150, 50);
        TranslationModel model = TranslationTraining.train(train, dev, TranslatorTest.tinyOptions(3),
                new TranslationTraining.Run(dir.resolve("run"), false, true, null));
        Path floats = dir.resolve("float");
        Path int8 = dir.resolve("int8");
        model.save(floats);
        ModelQuantizer.Result result = ModelQuantizer.quantize(floats, int8, null);
        assertEquals("translation", result.task());
        SafeTensorsFile weights = SafeTensors.read(int8.resolve("weights.safetensors"));
        assertEquals("I8", weights.storedDtype("encoder.rnn.weight_ih_l0_reverse"));
        assertEquals("I8", weights.storedDtype("decoder.fc_out.weight"));
        Translator floatTranslator = assertInstanceOf(Translator.class, Predictors.load(floats));
        Translator int8Translator = assertInstanceOf(Translator.class, Predictors.load(int8));
        List<String> sources = new ArrayList<>();
        for (SentencePair p : dev.pairs().subList(0, 10)) {
            sources.add(p.source());
        }
        List<Translation> expected = floatTranslator.predictBatch(sources);
        List<Translation> actual = int8Translator.predictBatch(sources);
        int same = 0;
        for (int i = 0; i < sources.size(); i++) {
            Translation e = expected.get(i);
            Translation a = actual.get(i);
            if (e.text().equals(a.text())) {
                same++;
                // the same tokens: their log-probability under the two models, per token
                double perToken = Math.abs(e.candidates().get(0).score() - a.candidates().get(0).score())
                        / e.targetTokens().size();
                assertTrue(perToken <= 0.05, "sentence " + i + ": log-probabilities " + e.candidates().get(0).score()
                        + " and " + a.candidates().get(0).score());
            }
        }
        // a 3-epoch model's greedy choices are often near ties, which int8 rounding tips either way
        assertTrue(same >= 5, same + " of " + sources.size() + " translations are the float model's");
    }
}
