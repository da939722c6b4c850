package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
    void keepsItsOwnCopyOfTheAttributes() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("user", "ada");

        LogEntry entry = withAttributes(attributes);
        attributes.put("user", "mallory");
        attributes.put("admin", true);

        assertThat(entry.attributes()).containsExactly(entry("user", "ada"));
    }

    @Test
    void doesNotLetReadersChangeTheAttributes() {
        LogEntry entry = withAttributes(Map.of("user", "ada"));

        assertThatThrownBy(() -> entry.attributes().put("user", "mallory"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(entry.attributes()).containsExactly(entry("user", "ada"));
    }

    @Test
    void allowsNullAttributeValues() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("session", null);

        LogEntry entry = withAttributes(attributes);

        assertThat(entry.attributes()).containsExactly(entry("session", null));
    }

    @Test
    void keepsAttributesInTheOrderGiven() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("zeta", 1);
        attributes.put("alpha", 2);
        attributes.put("mid", 3);

        LogEntry entry = withAttributes(attributes);

        assertThat(entry.attributes()).containsExactly(entry("zeta", 1), entry("alpha", 2), entry("mid", 3));
    }

    @Test
    void treatsMissingAttributesAsNone() {
        assertThat(withAttributes(null).attributes()).isEmpty();
    }

    private static LogEntry withService(String service) {
        return new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, service, Level.INFO, "hi", null, null, null, null);
    }

    private static LogEntry withAttributes(Map<String, Object> attributes) {
        return new LogEntry(ID, "acme", TIMESTAMP, TIMESTAMP, "api", Level.INFO, "hi", attributes, null, null, null);
    }
}
