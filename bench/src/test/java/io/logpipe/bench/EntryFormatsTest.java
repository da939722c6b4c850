package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryFormatsTest {
    private static final SampleEntry ENTRY = new SampleEntry(1,
            UUID.fromString("019ad5a0-0000-7000-8000-000000000001"), Instant.parse("2026-03-01T12:00:00.123456Z"),
            "checkout", "warn", "tab\there \\ and\nnewline", 503, 42, "eu-west-1", 12.5, "abc123", "host-11");

    @Test
    void copyRowEscapesWhatCopyTextTreatsSpecially() {
        StringBuilder row = new StringBuilder();
        EntryFormats.appendCopyRow(row, ENTRY, ENTRY.timestamp().plusMillis(50));

        String[] columns = row.toString().stripTrailing().split("\t", -1);
        assertThat(columns).hasSize(EntryFormats.COPY_COLUMNS.split(", ").length);
        assertThat(columns[0]).isEqualTo("globex");
        assertThat(columns[2]).isEqualTo("2026-03-01T12:00:00.123456Z");
        assertThat(columns[3]).isEqualTo("2026-03-01T12:00:00.173456Z");
        assertThat(columns[6]).isEqualTo("tab\\there \\\\ and\\nnewline");
        assertThat(columns[7])
                .isEqualTo("{\"http\":{\"status\":503},\"user_id\":42,\"region\":\"eu-west-1\",\"duration_ms\":12.5}");
        assertThat(columns[9]).isEqualTo("\\N");
        assertThat(row.toString()).endsWith("host-11\n");
    }

    @Test
    void ingestBodyCarriesIdsOnlyWhenAsked() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode withIds = json.readTree(EntryFormats.ingestBody(List.of(ENTRY), true)).get(0);
        JsonNode withoutIds = json.readTree(EntryFormats.ingestBody(List.of(ENTRY), false)).get(0);

        assertThat(withIds.get("id").asText()).isEqualTo(ENTRY.id().toString());
        assertThat(withoutIds.has("id")).isFalse();
        assertThat(withoutIds.get("message").asText()).isEqualTo(ENTRY.message());
    }

    @Test
    void anEntryWithoutTraceHasNoTraceIdInItsBodyAndNullInItsCopyRow() throws Exception {
        SampleEntry untraced = new SampleEntry(ENTRY.tenant(), ENTRY.id(), ENTRY.timestamp(), ENTRY.service(),
                ENTRY.level(), ENTRY.message(), ENTRY.httpStatus(), ENTRY.userId(), ENTRY.region(), ENTRY.durationMs(),
                null, ENTRY.host());
        StringBuilder row = new StringBuilder();
        EntryFormats.appendCopyRow(row, untraced, untraced.timestamp());

        assertThat(row.toString().split("\t", -1)[8]).isEqualTo("\\N");
        assertThat(new ObjectMapper().readTree(EntryFormats.ingestBody(List.of(untraced), false)).get(0)
                .has("trace_id")).isFalse();
    }

    @Test
    void ingestBodyIsOneLine() {
        assertThat(EntryFormats.ingestBody(List.of(ENTRY, ENTRY), false)).doesNotContain("\n");
    }
}
