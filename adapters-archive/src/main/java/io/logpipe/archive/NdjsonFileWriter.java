package io.logpipe.archive;

import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.ArchiveUnavailableException;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.domain.LogEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;

/** Writes one tenant's entries of a day as gzip NDJSON into a {@link DurableFile}. Not thread-safe. */
final class NdjsonFileWriter implements ArchiveStore.FileWriter {
    private final DurableFile file;
    private final LocalDate day;
    private final String tenant;
    private final GZIPOutputStream gzip;
    private final BufferedWriter out;
    private long rows;

    NdjsonFileWriter(DurableFile file, LocalDate day, String tenant) {
        this.file = file;
        this.day = day;
        this.tenant = tenant;
        try {
            this.gzip = new GZIPOutputStream(file.output(), 64 * 1024);
        } catch (IOException e) {
            file.close();
            throw new ArchiveUnavailableException("cannot start " + file.target(), e);
        }
        this.out = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 64 * 1024);
    }

    @Override
    public void append(LogEntry entry) {
        if (!entry.tenant().equals(tenant) || !LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC).equals(day)) {
            throw new IllegalArgumentException("an entry of " + entry.tenant() + " at " + entry.timestamp()
                    + " does not belong in the file of " + tenant + " on " + day);
        }
        try {
            out.write(EntryLines.write(entry));
            out.write('\n');
            rows++;
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot write " + file.target(), e);
        }
    }

    @Override
    public ArchivedFile commit() {
        try {
            out.flush();
            gzip.finish();
            DurableFile.Stored stored = file.commit();
            return new ArchivedFile(tenant, rows, stored.bytes(), stored.sha256());
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot store " + file.target(), e);
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
