package dev.rnn4j.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.chart.AttentionHeatmap;
import dev.rnn4j.decode.BeamSearch;
import dev.rnn4j.decode.DecodeSettings;
import dev.rnn4j.decode.Hypothesis;
import dev.rnn4j.decode.StepDecoder;
import dev.rnn4j.text.bpe.BpeLearner;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of this package and {@link dev.rnn4j.decode} together on 200 real Multi30k pairs:
 * read, learn joint BPE, encode, batch, beam-search with a toy decoder that copies its source,
 * map the results back through {@link PairBatch#indices()}, decode to text, draw the attention.
 */
class TranslationPipelineTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TranslationPipelineTest.class.getResource("/translation/multi30k/" + name).toURI());
    }

    /**
     * Copies the source: at step t the next token is source[t] (then {@code <eos>}) with
     * probability 0.9, and attends to source position t. A state is every row's source ids
     * ({@code <eos>} included) and position.
     */
    record CopyState(int[][] sources, int[] positions) {
    }

    static final class CopyDecoder implements StepDecoder<CopyState> {
        private final int vocabularySize;
        private final int columns;

        CopyDecoder(int vocabularySize, int columns) {
            this.vocabularySize = vocabularySize;
            this.columns = columns;
        }

        /** One state row per batch row: its source ids from the time-major (S, B) array. */
        static CopyState initial(PairBatch batch) {
            int[][] sources = new int[batch.rows()][];
            for (int b = 0; b < batch.rows(); b++) {
                sources[b] = new int[batch.sourceLengths()[b]];
                for (int t = 0; t < sources[b].length; t++) {
                    sources[b][t] = batch.sourceId(t, b);
                }
            }
            return new CopyState(sources, new int[batch.rows()]);
        }

        @Override
        public int vocabularySize() {
            return vocabularySize;
        }

        @Override
        public Step<CopyState> step(CopyState states, int[] previousTokens) {
            int rows = previousTokens.length;
            float[] lp = new float[rows * vocabularySize];
            Arrays.fill(lp, (float) Math.log(0.1 / (vocabularySize - 1)));
            float[] attention = new float[rows * columns];
            int[] next = new int[rows];
            for (int r = 0; r < rows; r++) {
                int[] source = states.sources()[r];
                int position = Math.min(states.positions()[r], source.length - 1);
                lp[r * vocabularySize + source[position]] = (float) Math.log(0.9);
                attention[r * columns + position] = 1f;
                next[r] = states.positions()[r] + 1;
            }
            return new Step<>(lp, new CopyState(states.sources(), next), attention);
        }

        @Override
        public CopyState selectRows(CopyState states, int[] rows) {
            int[][] sources = new int[rows.length][];
            int[] positions = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                sources[i] = states.sources()[rows[i]];
                positions[i] = states.positions()[rows[i]];
            }
            return new CopyState(sources, positions);
        }
    }

    @Test
    void multi30kPairsGoThroughBpeBatchesAndBeamSearchAndComeBackAsText() throws Exception {
        ParallelCorpus corpus = ParallelCorpusReader.read(resource("val.de"), resource("val.en"));
        assertEquals(200, corpus.size());
        assertEquals(List.of(), corpus.emptyLines());
        SubwordModels models = SubwordModels.learn(corpus, BpeLearner.builder().merges(400).build(), true);
        SubwordVocabulary vocabulary = models.sourceVocabulary();
        PairEncoder encoder = new PairEncoder(vocabulary, models.targetVocabulary(), 100);
        EncodedCorpus encoded = encoder.encodeTraining(corpus);
        assertEquals(200, encoded.pairs().size());
        for (int i = 0; i < corpus.size(); i++) {
            SentencePair pair = corpus.pairs().get(i);
            assertEquals(pair.source(), vocabulary.decode(encoded.pairs().get(i).source()));
            assertEquals(pair.target(), models.targetVocabulary().decode(encoded.pairs().get(i).target()));
        }

        DecodeSettings settings = SubwordVocabulary.decodeSettings(1.0, 5);
        BeamSearch beam = BeamSearch.builder(settings).beamSize(4).nBest(2).build();
        List<PairBatch> batches = PairBatcher.byTokens(800, 1).evaluationBatches(encoded.pairs());
        assertTrue(batches.size() > 1);
        String[] copies = new String[corpus.size()];
        Hypothesis[] best = new Hypothesis[corpus.size()];
        for (PairBatch batch : batches) {
            CopyDecoder decoder = new CopyDecoder(vocabulary.size(), batch.sourceSteps());
            List<List<Hypothesis>> results = beam.search(decoder, CopyDecoder.initial(batch), batch.sourceLengths());
            for (int b = 0; b < batch.rows(); b++) {
                int pair = batch.indices()[b];
                best[pair] = results.get(b).get(0);
                copies[pair] = vocabulary.decode(best[pair].tokens());
            }
        }
        for (int i = 0; i < corpus.size(); i++) {
            assertEquals(corpus.pairs().get(i).source(), copies[i], "pair " + i);
            assertArrayEquals(encoded.pairs().get(i).source(), best[i].tokens());
        }

        // the attention of the first pair as a heat map: source subwords (and <eos>) across, output down
        int[] source = encoded.pairs().get(0).source();
        List<String> sourceTokens = new ArrayList<>(vocabulary.subwords(source));
        sourceTokens.add(SubwordVocabulary.EOS);
        List<String> outputTokens = new ArrayList<>(vocabulary.subwords(best[0].tokens()));
        outputTokens.add(SubwordVocabulary.EOS);
        float[][] weights = best[0].attentionMatrix(source.length + 1);
        for (int t = 0; t < weights.length; t++) {
            assertEquals(1f, weights[t][t], "the copy model looks at the token it copies");
        }
        Path png = dir.resolve("attention.png");
        AttentionHeatmap.write(png, corpus.pairs().get(0).source(), sourceTokens, outputTokens, weights);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 400 && image.getHeight() >= 400);
    }
}
