package io.nextframe.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * The per-clip output table ({@code clip_id, path, shape: array<int>, <one double per metric>, error}; CONTRACTS §5)
 * written by the driver with Parquet's own writer, as a Spark-style folder (one part file and {@code _SUCCESS}) that
 * {@code spark.read().parquet(…)} and any Parquet reader open. Not a Spark SQL job: the rows are few and small, and
 * a first DataFrame write costs a JVM 3–6 s of planning, code generation and class loading — more than predicting
 * a few hundred clips. The folder is written under a temporary name and renamed, so a table is whole or absent.
 */
final class ResultTable {
    private ResultTable() {
    }

    /** A table row, as the tasks' results are collected to the driver (a class: Spark's Kryo cannot take records). */
    static final class Row implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        final String id;
        final String path;
        final int[] shape;
        final double[] metrics;
        final String error;

        Row(ClipResult r) {
            this.id = r.id;
            this.path = r.path;
            this.shape = r.shape;
            this.metrics = r.metrics;
            this.error = r.error;
        }
    }

    static MessageType schema(List<String> metricNames) {
        var b = Types.buildMessage()
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("clip_id")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
                .optionalList().requiredElement(PrimitiveTypeName.INT32).named("shape");
        for (String m : metricNames) {
            b = b.optional(PrimitiveTypeName.DOUBLE).named(m);
        }
        return b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("error")
                .named("spark_schema");
    }

    /**
     * Writes {@code rows} (in their order) to the folder {@code table}; an existing folder is replaced when
     * {@code overwrite}, else refused.
     */
    static void write(Configuration conf, List<Row> rows, List<String> metricNames, String table, boolean overwrite)
            throws IOException {
        Path dir = new Path(table);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(dir) && !overwrite) {
            throw new IOException("output table " + table + " exists; pass --overwrite to replace it");
        }
        Path tmp = new Path(dir.getParent(), "." + dir.getName() + ".tmp-" + UUID.randomUUID());
        MessageType schema = schema(metricNames);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try {
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new Path(tmp, "part-00000.parquet"))
                    .withConf(conf).withType(schema).withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .build()) {
                for (Row r : rows) {
                    w.write(group(groups, r, metricNames));
                }
            }
            fs.create(new Path(tmp, "_SUCCESS"), true).close();
            if (fs.exists(dir)) {
                fs.delete(dir, true);
            }
            if (!fs.rename(tmp, dir)) {
                throw new IOException("could not rename " + tmp + " to the output table " + table);
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, true);
            }
        }
    }

    private static Group group(SimpleGroupFactory groups, Row r, List<String> metricNames) {
        Group g = groups.newGroup();
        g.append("clip_id", r.id);
        if (r.path != null) {
            g.append("path", r.path);
        }
        if (r.shape != null) {
            Group list = g.addGroup("shape");
            for (int d : r.shape) {
                list.addGroup("list").append("element", d);
            }
        }
        for (int m = 0; m < metricNames.size(); m++) {
            if (r.metrics != null) {
                g.append(metricNames.get(m), r.metrics[m]);
            }
        }
        if (r.error != null) {
            g.append("error", r.error);
        }
        return g;
    }
}
