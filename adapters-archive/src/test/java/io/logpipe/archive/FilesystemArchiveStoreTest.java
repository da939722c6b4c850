package io.logpipe.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.ArchiveCorruptException;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.ArchivedFile;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemArchiveStoreTest {
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);
    private static final Instant CREATED = Instant.parse("2026-12-02T06:00:00Z");

    @TempDir
    Path directory;

    private ArchiveStore archive() {
        return new FilesystemArchiveStore(directory);
    }

    @Test
    void readsEveryFieldOfEveryEntryBackExactlyAsWritten() {
        LogEntry full = new LogEntry(UUID.randomUUID(), "acme", DAY.atTime(10, 15, 30, 123_456_000)
                .toInstant(ZoneOffset.UTC), DAY.atTime(10, 15, 31).toInstant(ZoneOffset.UTC), "checkout",
                Level.FATAL, "line one\nline two\t\"quoted\" ü 🚀", Attributes.of("{\"n\": 1.50, \"big\": 12345678901234567890123, \"deep\": {\"a\": [1e2, null]}}"),
                "trace", "span", "web-1");
        LogEntry bare = entry("acme", 11);
        write("acme", full, bare);

        List<LogEntry> read = new ArrayList<>();
        archive().read(DAY, "acme", read::add);

        assertThat(read).containsExactly(full, bare);
    }

    @Test
    void verifiesAnIntactDayAgainstAManifestWithRowsAndTheFilesSha256() throws Exception {
        ArchivedFile acme = write("acme", entry("acme", 1), entry("acme", 2));
        ArchivedFile globex = write("globex", entry("globex", 3));
        archive().writeManifest(new ArchiveManifest(DAY, CREATED, List.of(globex, acme)));

        ArchiveManifest verified = archive().verify(DAY);

        assertThat(verified.files()).containsExactly(acme, globex);
        assertThat(acme.rows()).isEqualTo(2);
        Path file = directory.resolve("2026-10-01").resolve("acme.ndjson.gz");
        assertThat(acme.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        assertThat(acme.bytes()).isEqualTo(Files.size(file));
        assertThat(gunzipLines(file)).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"id\":"));
        assertThat(Files.readString(directory.resolve("2026-10-01").resolve("manifest.json")))
                .contains("\"sha256\" : \"" + acme.sha256() + "\"", "\"file\" : \"acme.ndjson.gz\"");
        assertThat(archive().manifest(DAY)).contains(verified);
    }

    @Test
    void detectsATruncatedFile() throws IOException {
        manifestOf(write("acme", entry("acme", 1), entry("acme", 2)));
        Path file = directory.resolve("2026-10-01/acme.ndjson.gz");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));

        assertThatThrownBy(() -> archive().verify(DAY)).isInstanceOf(ArchiveCorruptException.class)
                .satisfies(e -> assertThat(((ArchiveCorruptException) e).problems())
                        .anyMatch(problem -> problem.contains("bytes"))
                        .anyMatch(problem -> problem.contains("SHA-256"))
                        .anyMatch(problem -> problem.contains("not a complete gzip file")));
    }

    @Test
    void detectsAFileAlteredInPlace() throws IOException {
        manifestOf(write("acme", entry("acme", 1), entry("acme", 2)));
        Path file = directory.resolve("2026-10-01/acme.ndjson.gz");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> archive().verify(DAY)).isInstanceOf(ArchiveCorruptException.class)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void detectsAManifestWhoseRowCountDiffersFromTheFile() {
        ArchivedFile written = write("acme", entry("acme", 1), entry("acme", 2));
        manifestOf(new ArchivedFile("acme", 3, written.bytes(), written.sha256()));

        assertThatThrownBy(() -> archive().verify(DAY)).isInstanceOf(ArchiveCorruptException.class)
                .hasMessageContaining("holds 2 entries, the manifest says 3");
    }

    @Test
    void detectsAMissingFileAndAMissingManifest() throws IOException {
        manifestOf(write("acme", entry("acme", 1)));
        Files.delete(directory.resolve("2026-10-01/acme.ndjson.gz"));

        assertThatThrownBy(() -> archive().verify(DAY)).hasMessageContaining("acme.ndjson.gz: is missing");
        assertThatThrownBy(() -> archive().verify(DAY.plusDays(1))).isInstanceOf(ArchiveCorruptException.class)
                .hasMessageContaining("no manifest.json");
    }

    @Test
    void leavesNothingBehindWhenAFileIsNotCommitted() throws IOException {
        ArchivedFile first = write("acme", entry("acme", 1));
        try (ArchiveStore.FileWriter writer = archive().create(DAY, "acme")) {
            writer.append(entry("acme", 2));
            writer.append(entry("acme", 3));
        }
        manifestOf(first);

        assertThat(archive().verify(DAY).files()).containsExactly(first);
        try (Stream<Path> files = Files.list(directory.resolve("2026-10-01"))) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("acme.ndjson.gz", "manifest.json");
        }
    }

    @Test
    void refusesAnEntryOfAnotherTenantOrDay() {
        try (ArchiveStore.FileWriter writer = archive().create(DAY, "acme")) {
            assertThatThrownBy(() -> writer.append(entry("globex", 1))).isInstanceOf(IllegalArgumentException.class);
            LogEntry nextDay = entry("acme", 1);
            LogEntry moved = new LogEntry(nextDay.id(), "acme", nextDay.timestamp().plusSeconds(86_400),
                    nextDay.receivedAt(), "s", Level.INFO, "m", null, null, null, null);
            assertThatThrownBy(() -> writer.append(moved)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void listsTheDaysThatHaveAManifestOldestFirst() throws IOException {
        for (LocalDate day : List.of(DAY.plusDays(2), DAY)) {
            archive().writeManifest(new ArchiveManifest(day, CREATED, List.of()));
        }
        Files.createDirectories(directory.resolve(DAY.plusDays(1).toString()));
        Files.createDirectories(directory.resolve("not-a-day"));

        assertThat(archive().days()).containsExactly(DAY, DAY.plusDays(2));
    }

    private ArchivedFile write(String tenant, LogEntry... entries) {
        try (ArchiveStore.FileWriter writer = archive().create(DAY, tenant)) {
            for (LogEntry entry : entries) {
                writer.append(entry);
            }
            return writer.commit();
        }
    }

    private void manifestOf(ArchivedFile... files) {
        archive().writeManifest(new ArchiveManifest(DAY, CREATED, List.of(files)));
    }

    private static LogEntry entry(String tenant, int hour) {
        Instant timestamp = DAY.atTime(hour, 0).toInstant(ZoneOffset.UTC);
        return new LogEntry(UUID.randomUUID(), tenant, timestamp, timestamp, "svc", Level.INFO, "at " + hour, null,
                null, null, null);
    }

    private static List<String> gunzipLines(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
