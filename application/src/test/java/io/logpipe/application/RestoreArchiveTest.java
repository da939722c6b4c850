package io.logpipe.application;

import static io.logpipe.application.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.ArchiveCorruptException;
import io.logpipe.domain.ArchiveManifest;
import io.logpipe.domain.ArchiveStore;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.testing.InMemoryArchiveStore;
import io.logpipe.domain.testing.InMemoryLogStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreArchiveTest {
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);

    private final InMemoryArchiveStore archive = new InMemoryArchiveStore();
    private final InMemoryLogStore store = new InMemoryLogStore();
    private final RestoreArchive restore = new RestoreArchive(archive, store, 2);

    @Test
    void writesEveryArchivedEntryBackOnceHoweverOftenItRuns() {
        List<LogEntry> acme = archived("acme", 5);
        List<LogEntry> globex = archived("globex", 1);
        manifest();

        RestoreArchive.Restored first = restore.restore(DAY, Optional.empty());
        RestoreArchive.Restored again = restore.restore(DAY, Optional.empty());

        assertThat(first.read()).isEqualTo(6);
        assertThat(first.written()).isEqualTo(6);
        assertThat(again.written()).isZero();
        List<LogEntry> all = new ArrayList<>(acme);
        all.addAll(globex);
        assertThat(store.all()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void restoresOnlyTheNamedTenant() {
        archived("acme", 2);
        List<LogEntry> globex = archived("globex", 3);
        manifest();

        restore.restore(DAY, Optional.of("globex"));

        assertThat(store.all()).containsExactlyInAnyOrderElementsOf(globex);
    }

    @Test
    void restoresNothingFromAnArchiveThatDoesNotVerify() {
        archived("acme", 3);
        manifest();
        archive.corrupt(DAY, "acme");

        assertThatThrownBy(() -> restore.restore(DAY, Optional.empty())).isInstanceOf(ArchiveCorruptException.class);
        assertThat(store.all()).isEmpty();
    }

    private final List<io.logpipe.domain.ArchivedFile> files = new ArrayList<>();

    private List<LogEntry> archived(String tenant, int count) {
        List<LogEntry> entries = new ArrayList<>();
        try (ArchiveStore.FileWriter writer = archive.create(DAY, tenant)) {
            for (int i = 0; i < count; i++) {
                LogEntry entry = entry(tenant, "s", DAY.atTime(1, i).toInstant(java.time.ZoneOffset.UTC));
                writer.append(entry);
                entries.add(entry);
            }
            files.add(writer.commit());
        }
        return entries;
    }

    private void manifest() {
        archive.writeManifest(new ArchiveManifest(DAY, Instant.parse("2026-12-01T00:00:00Z"), files));
    }
}
