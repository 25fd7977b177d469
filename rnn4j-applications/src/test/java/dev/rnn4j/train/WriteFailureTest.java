package dev.rnn4j.train;

import dev.rnn4j.models.SequenceClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training folder that cannot be written (a full disk, a read-only folder) stops the run with a
 * message naming the file and the last complete checkpoint, which stays intact and resumable. A
 * full disk and permissions need root or a small file system to provoke (tools/reliability does
 * both); here the failure is one that refuses any user: a file standing where a folder must be.
 */
class WriteFailureTest {

    @TempDir
    Path tmp;

    @Test
    void aFullDiskWhileWritingIsReportedWithTheFile() {
        // the JDK reports a full disk during a write without the file
        IOException full = new IOException("No space left on device");
        Path log = tmp.resolve("run").resolve(Trainer.METRICS_FILE);
        FileSystemException named = AtomicFiles.naming(log, full);
        assertEquals(log.toString(), named.getFile());
        assertSame(full, named.getCause());
        assertEquals(log + ": No space left on device", AtomicFiles.describe(named));
        // an exception that names its file already is kept, and a refused permission gets words
        AccessDeniedException denied = new AccessDeniedException(log.toString());
        assertSame(denied, AtomicFiles.naming(tmp, denied));
        assertEquals(log + ": permission denied", AtomicFiles.describe(denied));
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedAndLeavesNoTemporaryFile() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "x");
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(notAFolder.resolve(Checkpoints.LATEST), new byte[] {1}));
        assertTrue(AtomicFiles.describe(e).startsWith(notAFolder.toString()), AtomicFiles.describe(e));
        // a move that cannot replace its target (a folder that is not empty) leaves the target as it was
        Path folder = Files.createDirectory(tmp.resolve("in-the-way"));
        Files.writeString(folder.resolve("child"), "x");
        FileSystemException refused = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(folder, new byte[] {1}));
        assertTrue(AtomicFiles.describe(refused).contains(folder.toString()), AtomicFiles.describe(refused));
        assertEquals("x", Files.readString(folder.resolve("child"), StandardCharsets.UTF_8));
        try (var left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)),
                    "no temporary file outlives the failed write");
        }
    }

    @Test
    void aCheckpointThatCannotBeWrittenNamesTheFileKeepsTheLastOneAndResumesLikeAnUninterruptedRun()
            throws IOException {
        ToyTask reference = new ToyTask(4);
        ToyTask.fit(reference.builder(8).outputDir(tmp.resolve("straight")).epochs(3).build());

        Path out = tmp.resolve("run");
        Path checkpoints = out.resolve(Checkpoints.CHECKPOINTS);
        Path aside = tmp.resolve("aside");
        ToyTask task = new ToyTask(4);
        Trainer<SequenceClassifier, ToyTask.Batch> trainer = task.builder(8).outputDir(out).epochs(3)
                .callback(new Callback() {
                    @Override
                    public void onEpochEnd(Trainer<?, ?> t, EpochInfo epoch) {
                        if (epoch.epoch() == 2) {
                            // epoch 2's checkpoint comes next: a file now stands where its folder goes
                            try {
                                Files.move(checkpoints, aside);
                                Files.writeString(checkpoints, "in the way");
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }
                }).build();
        CheckpointException e = assertThrows(CheckpointException.class, trainer::fit);
        // 64 examples in batches of 8: epoch 1 ends at step 8, epoch 2 at step 16
        Path first = checkpoints.resolve(Checkpoints.folderName(8));
        String m = e.getMessage();
        assertTrue(m.startsWith("cannot write checkpoint " + Checkpoints.folderName(16) + " in " + out + ": "
                + checkpoints + ": "), m);
        assertTrue(m.contains("the last complete checkpoint, " + first + ", is intact"), m);
        assertTrue(m.contains("rerun with --resume"), m);
        assertEquals(Checkpoints.folderName(8) + "\n",
                Files.readString(out.resolve(Checkpoints.LATEST), StandardCharsets.UTF_8));

        // once the folder can be written again, the run resumes from it and ends as the uninterrupted one
        Files.delete(checkpoints);
        Files.move(aside, checkpoints);
        Checkpoints.read(Checkpoints.latest(out));
        ToyTask resumed = new ToyTask(4);
        ToyTask.fit(resumed.builder(8).outputDir(out).epochs(3).resume(true).build());
        ToyTask.assertBitIdentical(ToyTask.weights(reference.model), ToyTask.weights(resumed.model));
    }
}
