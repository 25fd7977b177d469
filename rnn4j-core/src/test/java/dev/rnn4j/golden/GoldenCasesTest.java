package dev.rnn4j.golden;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every PyTorch reference case in test resources (golden/, written by tools/make_golden.py) through
 * the same code as {@code rnn4j golden}.
 */
class GoldenCasesTest {

    static Path goldenDir() {
        return dev.rnn4j.testkit.TestResources.goldenDir();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesPyTorch() throws Exception {
        List<GoldenRunner.Result> results = GoldenRunner.runDirectory(goldenDir());
        assertEquals(20, results.size(), "all 20 shipped cases are found");
        return results.stream().map(r -> DynamicTest.dynamicTest(r.caseName(),
                () -> assertTrue(r.passed(), GoldenRunner.format(r))));
    }
}
