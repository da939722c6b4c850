package io.logpipe.archive;

import io.logpipe.domain.ArchiveCorruptException;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.ArchiveUnavailableException;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.Tenants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@link ArchiveStore} in a directory: {@code <directory>/<yyyy-mm-dd>/<tenant>.ndjson.gz} per tenant and day (see
 * {@link EntryLines} for a line), and {@code manifest.json} beside them ({@link ManifestJson}). The SHA-256 is of the
 * gzip file as stored, so {@code sha256sum} can check it too. Every file is written to a temporary file in the same
 * directory, forced to disk and moved into place atomically ({@link DurableFile}); leftovers of a crash start with a
 * dot and are ignored. Thread-safe.
 */
public final class FilesystemArchiveStore implements ArchiveStore {
    static final String MANIFEST = "manifest.json";
    private static final String SUFFIX = ".ndjson.gz";

    private final Path directory;

    /** @param directory the archive's root; created when first written to */
    public FilesystemArchiveStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    static String fileName(String tenant) {
        return Tenants.requireValid(tenant) + SUFFIX;
    }

    @Override
    public FileWriter create(LocalDate day, String tenant) {
        return new NdjsonFileWriter(DurableFile.start(dayDirectory(day), fileName(tenant)), day, tenant);
    }

    @Override
    public void writeManifest(ArchiveManifest manifest) {
        DurableFile file = DurableFile.start(dayDirectory(manifest.day()), MANIFEST);
        try (file) {
            file.output().write(ManifestJson.write(manifest).getBytes(StandardCharsets.UTF_8));
            file.commit();
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot write the manifest of " + manifest.day(), e);
        }
    }

    @Override
    public Optional<ArchiveManifest> manifest(LocalDate day) {
        Path path = dayDirectory(day).resolve(MANIFEST);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot read " + path, e);
        }
        try {
            return Optional.of(ManifestJson.read(text));
        } catch (IllegalArgumentException e) {
            throw new ArchiveCorruptException("cannot read " + path, List.of(e.getMessage()));
        }
    }

    @Override
    public ArchiveManifest verify(LocalDate day) {
        ArchiveManifest manifest = manifest(day).orElseThrow(() -> new ArchiveCorruptException(
                "cannot verify the archive of " + day, List.of("there is no " + MANIFEST)));
        List<String> problems = new ArrayList<>();
        if (!manifest.day().equals(day)) {
            problems.add(MANIFEST + ": names the day " + manifest.day());
        }
        for (ArchivedFile expected : manifest.files()) {
            problems.addAll(FileCheck.of(path(day, expected.tenant()), expected, FilesystemArchiveStore::decodeAll));
        }
        if (!problems.isEmpty()) {
            throw new ArchiveCorruptException("the archive of " + day + " does not verify", problems);
        }
        return manifest;
    }

    @Override
    public void read(LocalDate day, String tenant, Consumer<LogEntry> sink) {
        Path path = path(day, tenant);
        if (!Files.isRegularFile(path)) {
            throw new ArchiveUnavailableException("the archive of " + day + " has no file " + path, null);
        }
        try {
            decode(path, day, tenant, sink);
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot read " + path, e);
        }
    }

    @Override
    public List<LocalDate> days() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(child -> Files.isRegularFile(child.resolve(MANIFEST)))
                    .map(child -> parseDay(child.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ArchiveUnavailableException("cannot list " + directory, e);
        }
    }

    private Path dayDirectory(LocalDate day) {
        return directory.resolve(day.toString());
    }

    private Path path(LocalDate day, String tenant) {
        return dayDirectory(day).resolve(fileName(tenant));
    }

    /** Decodes every line of a file, counting them, for {@link FileCheck}. */
    private static long decodeAll(Path path, LocalDate day, String tenant) throws IOException {
        long[] rows = {0};
        decode(path, day, tenant, entry -> rows[0]++);
        return rows[0];
    }

    private static void decode(Path path, LocalDate day, String tenant, Consumer<LogEntry> sink) throws IOException {
        try (InputStream in = Files.newInputStream(path);
                BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 64 * 1024),
                        StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                LogEntry entry;
                try {
                    entry = EntryLines.read(line, tenant);
                } catch (IllegalArgumentException e) {
                    throw new ArchiveCorruptException("cannot read " + path,
                            List.of(path.getFileName() + " line " + number + ": " + e.getMessage()));
                }
                if (!LocalDate.ofInstant(entry.timestamp(), ZoneOffset.UTC).equals(day)) {
                    throw new ArchiveCorruptException("cannot read " + path,
                            List.of(path.getFileName() + " line " + number + ": the entry is not of " + day));
                }
                sink.accept(entry);
            }
        }
    }

    private static Optional<LocalDate> parseDay(String name) {
        try {
            return Optional.of(LocalDate.parse(name));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
