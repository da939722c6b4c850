package io.logpipe.domain.testing;

import io.logpipe.domain.ArchiveCorruptException;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.ArchiveUnavailableException;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.domain.LogEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An {@link ArchiveStore} in memory that keeps the port's contract: files appear only when committed, and
 * {@link #verify} recomputes each file's hash and rows. A file can be damaged with {@link #corrupt}. Thread-safe.
 */
public final class InMemoryArchiveStore implements ArchiveStore {
    private final Map<LocalDate, Map<String, List<LogEntry>>> files = new TreeMap<>();
    private final Map<LocalDate, ArchiveManifest> manifests = new TreeMap<>();
    private boolean corruptOnCommit;

    /** Loses the last entry of a committed file, as a truncated file would. */
    public synchronized void corrupt(LocalDate day, String tenant) {
        List<LogEntry> file = files.get(day).get(tenant);
        file.remove(file.size() - 1);
    }

    /** From now on, loses the last entry of every file right after it is committed. */
    public synchronized void corruptEveryCommit() {
        corruptOnCommit = true;
    }

    /** The entries of a committed file, as stored. */
    public synchronized List<LogEntry> file(LocalDate day, String tenant) {
        return List.copyOf(files.getOrDefault(day, Map.of()).getOrDefault(tenant, List.of()));
    }

    @Override
    public FileWriter create(LocalDate day, String tenant) {
        List<LogEntry> appended = new ArrayList<>();
        return new FileWriter() {
            @Override
            public void append(LogEntry entry) {
                if (!entry.tenant().equals(tenant) || !LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC)
                        .equals(day)) {
                    throw new IllegalArgumentException("entry of another tenant or day: " + entry);
                }
                appended.add(entry);
            }

            @Override
            public ArchivedFile commit() {
                synchronized (InMemoryArchiveStore.this) {
                    List<LogEntry> stored = new ArrayList<>(appended);
                    files.computeIfAbsent(day, d -> new TreeMap<>()).put(tenant, stored);
                    ArchivedFile file = describe(tenant, stored);
                    if (corruptOnCommit && !stored.isEmpty()) {
                        stored.remove(stored.size() - 1);
                    }
                    return file;
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized void writeManifest(ArchiveManifest manifest) {
        manifests.put(manifest.day(), manifest);
    }

    @Override
    public synchronized Optional<ArchiveManifest> manifest(LocalDate day) {
        return Optional.ofNullable(manifests.get(day));
    }

    @Override
    public synchronized ArchiveManifest verify(LocalDate day) {
        ArchiveManifest manifest = manifests.get(day);
        if (manifest == null) {
            throw new ArchiveCorruptException("cannot verify " + day, List.of("no manifest"));
        }
        List<String> problems = new ArrayList<>();
        for (ArchivedFile expected : manifest.files()) {
            List<LogEntry> stored = files.getOrDefault(day, Map.of()).get(expected.tenant());
            if (stored == null) {
                problems.add(expected.tenant() + ": missing");
            } else if (!describe(expected.tenant(), stored).equals(expected)) {
                problems.add(expected.tenant() + ": differs from the manifest");
            }
        }
        if (!problems.isEmpty()) {
            throw new ArchiveCorruptException("the archive of " + day + " does not verify", problems);
        }
        return manifest;
    }

    @Override
    public synchronized void read(LocalDate day, String tenant, Consumer<LogEntry> sink) {
        List<LogEntry> stored = files.getOrDefault(day, Map.of()).get(tenant);
        if (stored == null) {
            throw new ArchiveUnavailableException("no file of " + tenant + " on " + day, null);
        }
        List.copyOf(stored).forEach(sink);
    }

    @Override
    public synchronized List<LocalDate> days() {
        return List.copyOf(manifests.keySet());
    }

    private static ArchivedFile describe(String tenant, List<LogEntry> entries) {
        byte[] content = entries.toString().getBytes(StandardCharsets.UTF_8);
        return new ArchivedFile(tenant, entries.size(), content.length, sha256(content));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
