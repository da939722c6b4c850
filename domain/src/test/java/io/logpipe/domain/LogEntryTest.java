package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LogEntryTest {
    private static final UUID ID = UUID.fromString("0195514a-3f2b-7c4d-9e8f-0123456789ab");
    private static final Instant TIMESTAMP = Instant.parse("2025-03-01T10:15:30.123456Z");

    @Test
    void truncatesTimestampsToMicroseconds() {
        LogEntry entry = new LogEntry(ID, "acme", Instant.parse("2025-03-01T10:15:30.123456789Z"),
                Instant.parse("2025-03-01T10:15:31.000000999Z"), "api", Level.INFO, "hi", null, null, null, null);

        assertThat(entry.timestamp()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123456Z"));
        assertThat(entry.receivedAt()).isEqualTo(Instant.parse("2025-03-01T10:15:31Z"));
    }

    @Test
    void rejectsBlankService() {
        assertThatThrownBy(() -> withService("  \t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service");
    }

    @Test
    void rejectsMissingServiceNamingTheField() {
        assertThatThrownBy(() -> withService(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("service");
    }

    @Test
    void rejectsInvalidTenant() {
        assertThatThrownBy(() -> new LogEntry(ID, "Acme Corp", TIMESTAMP, TIMESTAMP, "api", Level.INFO, "hi", null,
                null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant");
    }

    @Test
    void rejectsMissingLevelNamingTheField() {
        assertThatThrownBy(() -> new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, "api", null, "hi", null, null, null,
                null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("level");
    }

    @Test
    void acceptsAnEmptyMessage() {
        LogEntry entry = new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, "api", Level.INFO, "", null, null, null, null);

        assertThat(entry.message()).isEmpty();
    }

    @Test
    void keepsTheAttributesTextExactlyAsGiven() {
        Attributes attributes = Attributes.of("{\"amount\": 10.50, \"id\": 12345678901234567890}");

        LogEntry entry = withAttributes(attributes);

        assertThat(entry.attributes()).isEqualTo(attributes);
        assertThat(entry.attributes().json()).isEqualTo("{\"amount\": 10.50, \"id\": 12345678901234567890}");
    }

    @Test
    void treatsMissingAttributesAsNone() {
        assertThat(withAttributes(null).attributes()).isEqualTo(Attributes.none());
        assertThat(withAttributes(null).attributes().isEmpty()).isTrue();
    }

    private static LogEntry withService(String service) {
        return new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, service, Level.INFO, "hi", null, null, null, null);
    }

    private static LogEntry withAttributes(Attributes attributes) {
        return new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, "api", Level.INFO, "hi", attributes, null, null, null);
    }
}
