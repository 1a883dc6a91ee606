package io.nextframe.spark;

import io.nextframe.data.media.NpyFile;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spark predict} writes the files {@code nextframe predict} writes, for any partitioning (1, 2, 7), after a
 * retried task, and from a Parquet table; the model is loaded once per JVM.
 */
class SparkPredictTest {
    static final String[] COMMON = {"--model", "svg-lp-smmnist", "--past", "5", "--future", "2", "--samples", "2",
            "--seed", "7", "--backend", "simd", "-q"};

    @TempDir
    static Path tmp;
    static Path clips;
    static Path reference;

    @BeforeAll
    static void singleMachineReference() throws Exception {
        clips = SparkTestSupport.clipFolder(tmp.resolve("clips"));
        reference = tmp.resolve("reference");
        SparkTestSupport.Run r = SparkTestSupport.single(args("predict", "--input", clips.toString(), "--out",
                reference.toString()));
        assertEquals(0, r.code(), r.err());
    }

    static String[] args(String verb, String... more) {
        List<String> a = new ArrayList<>(List.of(verb));
        a.addAll(List.of(COMMON));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.startsWith("results.parquet")).sorted().toList();
        }
    }

    /** Same names, shapes and values, bitwise: both runs predict each clip with the same kernels and seed. */
    static void assertSameOutputs(Path expected, Path actual) throws IOException {
        assertEquals(files(expected), files(actual));
        for (String f : files(expected)) {
            NpyFile a = NpyFile.open(expected.resolve(f));
            NpyFile b = NpyFile.open(actual.resolve(f));
            assertArrayEquals(a.shape(), b.shape(), f);
            assertArrayEquals(a.readAll(), b.readAll(), f);
        }
    }

    @Test
    void batchedPredictionGivesTheSingleMachineFilesForAnyPartitioning() throws Exception {
        Path single = tmp.resolve("batched-single");
        SparkTestSupport.Run s = SparkTestSupport.single(args("predict", "--input", clips.toString(), "--out",
                single.toString(), "--batch", "3"));
        assertEquals(0, s.code(), s.err());
        for (int partitions : new int[] {1, 2, 7}) {
            Path out = tmp.resolve("batched-p" + partitions);
            SparkTestSupport.Run r = SparkTestSupport.spark(args("predict", "--input", clips.toString(), "--out",
                    out.toString(), "--partitions", Integer.toString(partitions), "--batch", "3"));
            assertEquals(0, r.code(), r.err());
            assertSameOutputs(single, out);
        }
        // batching changes only the last bits: the batch-1 reference agrees to rounding
        for (String f : files(reference)) {
            float[] x = NpyFile.open(reference.resolve(f)).readAll();
            float[] y = NpyFile.open(single.resolve(f)).readAll();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-4, f + " value " + i);
            }
        }
    }

    @Test
    void anyPartitioningWritesTheSingleMachineFiles() throws Exception {
        int loadsBefore = -1;
        byte[][] first = null;
        for (int partitions : new int[] {1, 2, 7}) {
            Path out = tmp.resolve("p" + partitions);
            SparkTestSupport.Run r = SparkTestSupport.spark(args("predict", "--input", clips.toString(), "--out",
                    out.toString(), "--partitions", Integer.toString(partitions)));
            assertEquals(0, r.code(), r.err());
            if (loadsBefore < 0) {
                loadsBefore = ModelCache.loads();
            }
            assertSameOutputs(reference, out);
            List<String> names = files(out);
            byte[][] bytes = new byte[names.size()][];
            for (int i = 0; i < names.size(); i++) {
                bytes[i] = Files.readAllBytes(out.resolve(names.get(i)));
            }
            if (first == null) {
                first = bytes;
            } else {
                for (int i = 0; i < bytes.length; i++) {
                    assertArrayEquals(first[i], bytes[i], "partitionings differ in " + names.get(i));
                }
            }
            List<Row> rows = SparkTestSupport.spark().read().parquet(out.resolve("results.parquet").toString())
                    .orderBy("clip_id").collectAsList();
            assertEquals(List.of("a", "batch#0", "batch#1", "batch#2", "sub/b"),
                    rows.stream().map(x -> x.getString(0)).toList());
            for (Row row : rows) {
                assertNull(row.get(row.fieldIndex("error")));
                assertEquals(List.of(2, 2, 1, 64, 64), row.getList(row.fieldIndex("shape")));
            }
        }
        // loaded once in this JVM (the executor), not once per task or per partitioning
        assertEquals(loadsBefore, ModelCache.loads());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheOutputIsTheSame() throws Exception {
        Path out = tmp.resolve("retry");
        SparkTestSupport.Run r = SparkTestSupport.spark(args("predict", "--input", clips.toString(), "--out",
                out.toString(), "--partitions", "2", "--fail-once", "batch#1"));
        assertEquals(0, r.code(), r.err());
        assertSameOutputs(reference, out);   // also: no temporary, partial or duplicate file is left
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".nextframe-spark-")),
                    "the staging folder of batch parts is removed");
        }
    }

    @Test
    void aGlobWithAModelFileShippedToExecutorsGivesTheSameFiles() throws Exception {
        Path modelFile = io.nextframe.models.api.BuiltinModels.file("svg-lp-smmnist");
        Path out = tmp.resolve("glob");
        List<String> a = new ArrayList<>(List.of(args("predict", "--input", clips + "/*.npy", "--out",
                out.toString(), "--format", "both")));
        a.set(a.indexOf("svg-lp-smmnist"), modelFile.toString());   // a file: shipped with SparkContext.addFile
        SparkTestSupport.Run r = SparkTestSupport.spark(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        // '*' does not cross folders: a.npy and batch.npy, not sub/b.npy
        assertEquals(List.of("a.gif", "a.npy", "batch.gif", "batch.npy"), files(out));
        for (String f : List.of("a.npy", "batch.npy")) {
            assertArrayEquals(NpyFile.open(reference.resolve(f)).readAll(), NpyFile.open(out.resolve(f)).readAll(),
                    1e-6f, f);
        }
        for (String f : List.of("a.gif", "batch.gif")) {
            byte[] gif = Files.readAllBytes(out.resolve(f));
            assertEquals("GIF89a", new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII), f);
        }
    }

    @Test
    void oneInputFileGivesOneOutputFileAndASummaryLine() throws Exception {
        Path out = tmp.resolve("one/a-pred.npy");
        List<String> a = new ArrayList<>(List.of(args("predict", "--input", clips.resolve("a.npy").toString(),
                "--out", out.toString())));
        a.remove("-q");
        SparkTestSupport.Run r = SparkTestSupport.spark(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("predicted 1 clip (svg-lp, 5 → 2 frames, 2 samples) in "), r.out());
        assertTrue(r.out().contains("1 partition; table " + tmp.resolve("one/a-pred.parquet")), r.out());
        assertArrayEquals(NpyFile.open(reference.resolve("a.npy")).readAll(), NpyFile.open(out).readAll(), 1e-6f);
    }

    @Test
    void aParquetTableOfClipsGivesTheSameFiles() throws Exception {
        var spark = SparkTestSupport.spark();
        var schema = org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                org.apache.spark.sql.types.DataTypes.createStructField("clip_id",
                        org.apache.spark.sql.types.DataTypes.StringType, false),
                org.apache.spark.sql.types.DataTypes.createStructField("npy",
                        org.apache.spark.sql.types.DataTypes.BinaryType, true)));
        List<Row> rows = List.of(
                org.apache.spark.sql.RowFactory.create("a", Files.readAllBytes(clips.resolve("a.npy"))),
                org.apache.spark.sql.RowFactory.create("sub/b", Files.readAllBytes(clips.resolve("sub/b.npy"))),
                org.apache.spark.sql.RowFactory.create("broken", new byte[] {1, 2, 3}));
        Path table = tmp.resolve("clips.parquet");
        spark.createDataFrame(rows, schema).write().parquet(table.toString());
        Path out = tmp.resolve("from-table");
        SparkTestSupport.Run r = SparkTestSupport.spark(args("predict", "--input", table.toString(), "--out",
                out.toString(), "--on-error", "skip"));
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("a.npy", "sub__b.npy")) {
            assertArrayEquals(NpyFile.open(reference.resolve(f)).readAll(), NpyFile.open(out.resolve(f)).readAll(),
                    1e-6f, f);
        }
        List<Row> result = spark.read().parquet(out.resolve("results.parquet").toString()).orderBy("clip_id")
                .collectAsList();
        assertEquals(List.of("a", "broken", "sub/b"), result.stream().map(x -> x.getString(0)).toList());
        Row broken = result.get(1);
        assertTrue(broken.getString(broken.fieldIndex("error")).contains("table row broken"), broken.toString());
        assertNull(broken.get(broken.fieldIndex("path")));
        assertNull(result.getFirst().get(result.getFirst().fieldIndex("error")));
    }
}
