package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.redis.LogEntryCodec.UndecodableEntryException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LogEntryCodecTest {
    private static final String INGEST_ATTRIBUTES = """
            {"count": 7, "bytes": 3000000000, "huge": 123456789012345678901234567890,
             "ratio": 0.1, "price": 19.90, "tiny": 1e-300, "precise": 3.14159265358979323846264338327950288,
             "ok": true, "none": null, "tags": ["a", 1, 2.50, [], {}],
             "nested": {"deeper": {"n": -0.0, "list": [1.5, 2, "x"]}}}
            """;

    private final LogEntryCodec codec = new LogEntryCodec();

    @Test
    void roundTripsEveryFieldOfAFullEntry() {
        LogEntry entry = SampleEntries.full();

        LogEntry decoded = codec.decode(codec.encode(entry));

        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.attributes().get("price")).isEqualTo(new BigDecimal("19.90"));
        assertThat(decoded.attributes().get("bytes")).isInstanceOf(Long.class);
        assertThat(decoded.attributes().get("huge")).isInstanceOf(BigInteger.class);
        assertThat(decoded.attributes()).containsEntry("nothing", null);
    }

    @Test
    void roundTripsAnEntryWithoutOptionalFields() {
        LogEntry entry = SampleEntries.minimal("");

        LogEntry decoded = codec.decode(codec.encode(entry));

        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.traceId()).isNull();
        assertThat(decoded.spanId()).isNull();
        assertThat(decoded.host()).isNull();
    }

    @Test
    void givesBackAttributesExactlyAsAnIngestMapperWithDefaultSettingsReadThem() throws Exception {
        assertAttributesRoundTrip(new ObjectMapper());
    }

    @Test
    void givesBackAttributesExactlyAsAnIngestMapperReadingFractionsAsBigDecimalReadThem() throws Exception {
        assertAttributesRoundTrip(new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS));
    }

    @Test
    void givesBackDecimalsUnderKeysThatJsonPointersEscape() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("a/b~c", new LinkedHashMap<>(Map.of("", new ArrayList<>(List.of(1, new BigDecimal("0.50"))))));
        attributes.put("~0", new BigDecimal("-7.000"));
        LogEntry entry = withAttributes(attributes);

        assertThat(codec.decode(codec.encode(entry)).attributes()).isEqualTo(entry.attributes());
    }

    @Test
    void givesBackEveryDoubleBitForBit() {
        Random random = new Random(42);
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            attributes.put("random" + i, Double.longBitsToDouble(random.nextLong()));
        }
        List.of(Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL, -0.0, 0.1, 1e23, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                .forEach(value -> attributes.put("edge" + value, value));
        LogEntry entry = withAttributes(attributes);

        assertThat(codec.decode(codec.encode(entry)).attributes()).isEqualTo(entry.attributes());
    }

    @Test
    void writesTimestampsAsIsoStringsWithMicroseconds() {
        String json = codec.encode(SampleEntries.minimal());

        assertThat(json).contains("\"v\":1", "\"timestamp\":\"2024-05-01T08:00:00.000000Z\"",
                "\"received_at\":\"2024-05-01T08:00:00.000000Z\"", "\"level\":\"info\"");
    }

    @Test
    void readsAVersionOneDocumentAsWrittenByEarlierReleases() {
        String stored = """
                {"v":1,"id":"0190f2c4-7a1e-7b3c-9d4e-5f6a7b8c9d0e","tenant":"acme",
                 "timestamp":"2024-02-29T23:59:59.000001Z","received_at":"2024-03-01T00:00:00.123456Z",
                 "service":"checkout","level":"warn","message":"slow","attributes":{"ms":1250,"p":0.25,"cost":1.50},
                 "decimals":{"/cost":"1.50"},"trace_id":"t1","span_id":null,"host":"web-7","added_later":"ignored"}
                """;

        LogEntry decoded = codec.decode(stored);

        assertThat(decoded).isEqualTo(new LogEntry(
                UUID.fromString("0190f2c4-7a1e-7b3c-9d4e-5f6a7b8c9d0e"), "acme",
                Instant.parse("2024-02-29T23:59:59.000001Z"), Instant.parse("2024-03-01T00:00:00.123456Z"),
                "checkout", Level.WARN, "slow", Map.of("ms", 1250, "p", 0.25, "cost", new BigDecimal("1.50")),
                "t1", null, "web-7"));
    }

    @Test
    void refusesADocumentOfAnUnknownVersion() {
        String future = codec.encode(SampleEntries.minimal()).replace("\"v\":1", "\"v\":2");

        assertThatThrownBy(() -> codec.decode(future))
                .isInstanceOf(UndecodableEntryException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void refusesTextThatIsNotAnEntryDocument() {
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(UndecodableEntryException.class);
        assertThatThrownBy(() -> codec.decode("{}")).isInstanceOf(UndecodableEntryException.class);
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(UndecodableEntryException.class);
    }

    @Test
    void refusesADocumentHoldingAnInvalidEntry() {
        String badTenant = codec.encode(SampleEntries.minimal()).replace("\"tenant\":\"acme\"", "\"tenant\":\"A C\"");
        String noService = codec.encode(SampleEntries.minimal()).replace("\"service\":\"api\"", "\"service\":null");

        assertThatThrownBy(() -> codec.decode(badTenant)).isInstanceOf(UndecodableEntryException.class);
        assertThatThrownBy(() -> codec.decode(noService)).isInstanceOf(UndecodableEntryException.class);
    }

    @Test
    void refusesToEncodeAnAttributeJsonCannotHold() {
        LogEntry entry = withAttributes(Map.of("when", Instant.EPOCH));

        assertThatThrownBy(() -> codec.encode(entry)).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertAttributesRoundTrip(ObjectMapper ingestMapper) throws Exception {
        Map<String, Object> attributes = ingestMapper.readValue(INGEST_ATTRIBUTES, new TypeReference<>() { });
        LogEntry entry = withAttributes(attributes);

        Map<String, Object> decoded = codec.decode(codec.encode(entry)).attributes();

        assertThat(decoded).isEqualTo(entry.attributes());
        assertThat(decoded.get("precise").getClass()).isEqualTo(attributes.get("precise").getClass());
        assertThat(decoded.get("price").getClass()).isEqualTo(attributes.get("price").getClass());
    }

    private static LogEntry withAttributes(Map<String, Object> attributes) {
        LogEntry base = SampleEntries.minimal();
        return new LogEntry(base.id(), base.tenant(), base.timestamp(), base.receivedAt(), base.service(),
                base.level(), base.message(), attributes, base.traceId(), base.spanId(), base.host());
    }
}
