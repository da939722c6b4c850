package io.logpipe.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What each index of {@code log_entries} costs at ingest: PostgreSQL's {@code COPY} of the first end-to-end rows
 * ({@code --index-rows}) into a scratch table of {@code log_entries}'s structure, once with its primary key only, once
 * with the primary key and each secondary index alone, and once with all of them. Every variant is a fresh table,
 * partitioned as {@code log_entries} is, with the same streams as the COPY baseline, each one COPY in one transaction,
 * the rows encoded before timing. The time includes merging the GIN indexes' pending lists at the end.
 *
 * <p>The primary key, the partitioning and the indexes are read from the migrated schema, so the measurement follows
 * whatever logpipe's migrations create. It must therefore run while {@code log_entries} still has all its indexes,
 * before the COPY baseline drops them.
 */
final class IndexCostPhase {
    static final String TABLE = "bench_index_cost";
    private static final String PRIMARY_KEY_ONLY = "primary key only";

    private final Bench bench;

    IndexCostPhase(Bench bench) {
        this.bench = bench;
    }

    /**
     * A secondary index of {@code log_entries} as PostgreSQL prints it ({@code pg_get_indexdef}).
     *
     * @param name its name in {@code log_entries}
     * @param definition such as {@code CREATE INDEX x ON ONLY public.log_entries USING gin (...)}
     */
    record SecondaryIndex(String name, String definition) {
        private static final String USING = " USING ";

        SecondaryIndex {
            if (!definition.contains(USING)) {
                throw new IllegalArgumentException("not an index definition: " + definition);
            }
        }

        /** The access method and what it indexes, such as {@code gin (attributes jsonb_path_ops)}. */
        String method() {
            return definition.substring(definition.indexOf(USING) + USING.length());
        }

        /**
         * The same index on another table. {@code log_entries}'s definition says {@code ON ONLY}, which on a
         * partitioned table makes an index of the parent alone; this one covers the partitions as the migration's does.
         */
        String createOn(String table, String indexName) {
            return "CREATE " + (definition.startsWith("CREATE UNIQUE ") ? "UNIQUE " : "") + "INDEX " + indexName
                    + " ON " + table + USING + method();
        }
    }

    /** Which secondary indexes one variant's table has, besides the primary key. */
    record Variant(String label, List<SecondaryIndex> indexes) {
    }

    /**
     * @param primaryKeyBytes the primary key's size after the COPY, all partitions
     * @param secondaryBytes the secondary indexes' size after the COPY, all partitions
     */
    record Result(Variant variant, long rows, int streams, double seconds, long primaryKeyBytes,
                  long secondaryBytes) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /**
     * The primary key only, then it and each secondary index alone, then all (when there are two or more), then the
     * primary key only again: the rate that every other is compared with is measured at both ends of the phase, so
     * a machine that got faster or slower meanwhile shows, and the comparison takes the mean of both.
     */
    static List<Variant> variants(List<SecondaryIndex> secondary) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(PRIMARY_KEY_ONLY, List.of()));
        for (SecondaryIndex index : secondary) {
            variants.add(new Variant("primary key + " + index.name(), List.of(index)));
        }
        if (secondary.size() > 1) {
            variants.add(new Variant("all " + (secondary.size() + 1) + " indexes", secondary));
        }
        variants.add(new Variant(PRIMARY_KEY_ONLY + ", again", List.of()));
        return variants;
    }

    /** The mean rate of the variants without secondary indexes, which every variant is compared with. */
    static double primaryKeyOnlyRate(List<Result> results) {
        return results.stream().filter(result -> result.variant().indexes().isEmpty())
                .mapToDouble(Result::rowsPerSecond).average().orElseThrow();
    }

    List<Result> run() throws Exception {
        BenchOptions options = bench.options();
        String database = bench.database();
        String partitionKey = single(database, "SELECT pg_get_partkeydef('log_entries'::regclass)");
        String primaryKey = single(database, """
                SELECT pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = 'log_entries'::regclass AND contype = 'p'""");
        List<SecondaryIndex> secondary = secondaryIndexes(database);
        int batches = (int) (options.indexRows() / options.batch());
        Workload workload = bench.endToEndWorkload();
        List<List<byte[]>> parts = workload.copyText(batches, options.batch(), options.workers());
        List<Result> results = new ArrayList<>();
        try {
            for (Variant variant : variants(secondary)) {
                createTable(database, partitionKey, primaryKey, variant,
                        workload.days((long) batches * options.batch()));
                results.add(copy(database, variant, parts));
            }
        } finally {
            bench.postgres().execute(database, "DROP TABLE IF EXISTS " + TABLE);
        }
        return results;
    }

    private List<SecondaryIndex> secondaryIndexes(String database) throws SQLException {
        List<SecondaryIndex> indexes = new ArrayList<>();
        try (Connection connection = bench.postgres().connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
                     JOIN pg_class c ON c.oid = i.indexrelid
                     WHERE i.indrelid = 'log_entries'::regclass AND NOT i.indisprimary
                     ORDER BY c.relname""")) {
            while (rows.next()) {
                indexes.add(new SecondaryIndex(rows.getString(1), rows.getString(2)));
            }
        }
        return indexes;
    }

    private void createTable(String database, String partitionKey, String primaryKey, Variant variant,
                             List<LocalDate> days) throws SQLException {
        Postgres postgres = bench.postgres();
        postgres.execute(database, "DROP TABLE IF EXISTS " + TABLE);
        postgres.execute(database, "CREATE TABLE " + TABLE
                + " (LIKE log_entries INCLUDING ALL EXCLUDING INDEXES) PARTITION BY " + partitionKey);
        postgres.createPartitions(database, TABLE, days);
        postgres.execute(database, "ALTER TABLE " + TABLE + " ADD CONSTRAINT " + TABLE + "_pkey " + primaryKey);
        for (int i = 0; i < variant.indexes().size(); i++) {
            postgres.execute(database, variant.indexes().get(i).createOn(TABLE, TABLE + "_" + (i + 1)));
        }
    }

    private Result copy(String database, Variant variant, List<List<byte[]>> parts) throws Exception {
        bench.postgres().execute(database, "CHECKPOINT");
        bench.log("COPY into a copy of log_entries, %s, %d stream(s)", variant.label(), parts.size());
        ExecutorService streams = Executors.newFixedThreadPool(parts.size());
        try {
            long start = System.nanoTime();
            List<Future<Long>> copies = new ArrayList<>();
            for (List<byte[]> part : parts) {
                copies.add(streams.submit(() -> bench.postgres().copy(database, TABLE, concatenated(part))));
            }
            long rows = 0;
            for (Future<Long> copy : copies) {
                rows += copy.get();
            }
            mergeGinPendingLists(database);
            double seconds = (System.nanoTime() - start) / 1e9;
            long primaryKeyBytes = indexBytes(database, TABLE + "_pkey");
            long secondaryBytes = 0;
            for (int i = 0; i < variant.indexes().size(); i++) {
                secondaryBytes += indexBytes(database, TABLE + "_" + (i + 1));
            }
            Result result = new Result(variant, rows, parts.size(), seconds, primaryKeyBytes, secondaryBytes);
            bench.log("  %,.0f rows/s (%,d rows in %.1f s; primary key %.0f MiB, secondary indexes %.0f MiB)",
                    result.rowsPerSecond(), rows, seconds, primaryKeyBytes / 1048576.0, secondaryBytes / 1048576.0);
            return result;
        } finally {
            streams.shutdownNow();
        }
    }

    /**
     * Merges what the GIN indexes still hold in their pending lists into the indexes proper, as VACUUM would later:
     * without it, the last rows' share of the GIN cost (up to {@code gin_pending_list_limit} per partition) would be
     * left out of the timing.
     */
    private void mergeGinPendingLists(String database) throws SQLException {
        bench.postgres().execute(database, """
                SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_am a ON a.oid = c.relam
                WHERE a.amname = 'gin'
                  AND i.indrelid IN (SELECT relid FROM pg_partition_tree('%s') WHERE isleaf)""".formatted(TABLE));
    }

    /** A partitioned index's size: its own is zero, its partitions' indexes hold the entries. */
    private long indexBytes(String database, String index) throws SQLException {
        return bench.postgres().count(database, "SELECT coalesce(sum(pg_relation_size(relid)), 0)::bigint"
                + " FROM pg_partition_tree('" + index + "'::regclass)");
    }

    private String single(String database, String sql) throws SQLException {
        try (Connection connection = bench.postgres().connect(database);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            if (!row.next()) {
                throw new SQLException("no answer to " + sql);
            }
            return row.getString(1);
        }
    }

    private static InputStream concatenated(List<byte[]> chunks) {
        return new SequenceInputStream(Collections.enumeration(
                chunks.stream().map(ByteArrayInputStream::new).toList()));
    }
}
