package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.redis.LogEntryCodec.UndecodableEntryException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LogEntryCodecTest {
    private final LogEntryCodec codec = new LogEntryCodec();

    @Test
    void roundTripsEveryFieldOfAFullEntry() {
        LogEntry entry = SampleEntries.full();

        List<LogEntry> decoded = roundTrip(codec, List.of(entry));

        assertThat(decoded).containsExactly(entry);
        assertThat(decoded.get(0).attributes().json()).isEqualTo(SampleEntries.EVERY_KIND.json());
    }

    @Test
    void roundTripsAnEntryWithoutOptionalFields() {
        LogEntry entry = SampleEntries.minimal("");

        LogEntry decoded = roundTrip(codec, List.of(entry)).get(0);

        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.traceId()).isNull();
        assertThat(decoded.spanId()).isNull();
        assertThat(decoded.host()).isNull();
        assertThat(decoded.attributes()).isEqualTo(Attributes.none());
    }

    @Test
    void givesBackAttributesCharacterForCharacterWhateverTheirSpacingAndNumbers() {
        String digits = "9".repeat(5_000);
        Attributes spaced = Attributes.of("{ \"n\" : " + digits + "." + digits + "e-7 ,\n\t\"deep\": "
                + "[".repeat(2_000) + "]".repeat(2_000) + " }");

        LogEntry decoded = roundTrip(codec, List.of(withAttributes(spaced))).get(0);

        assertThat(decoded.attributes().json()).isEqualTo(spaced.json());
    }

    @Test
    void givesBackTheAttributesOfEveryEntryOfARecordLargerThanTheParsersBuffers() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Attributes attributes = i % 2 == 0 ? SampleEntries.EVERY_KIND : Attributes.of("{\"i\":" + i + "}");
            entries.add(withAttributes(attributes));
        }

        List<QueueRecord> records = codec.encode(entries);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).batch().length()).isGreaterThan(100_000);
        assertThat(decodeAll(codec, records)).isEqualTo(entries);
    }

    @Test
    void writesTheSharedTenantAndReceiveTimeOnceAndTimestampsWithMicroseconds() {
        List<QueueRecord> records = codec.encode(SampleEntries.numbered(3));

        assertThat(records).hasSize(1);
        String batch = records.get(0).batch();
        assertThat(batch).startsWith("{\"v\":2,\"tenant\":\"acme\",\"received_at\":\"2024-05-01T08:00:00.000000Z\","
                + "\"entries\":[{");
        assertThat(batch).containsOnlyOnce("\"tenant\"").containsOnlyOnce("received_at")
                .contains("\"timestamp\":\"2024-05-01T08:00:00.000000Z\"", "\"level\":\"info\"",
                        "\"attributes\":{}")
                .doesNotContain("trace_id", "null");
        assertThat(records.get(0).entryCount()).isEqualTo(3);
    }

    @Test
    void startsANewRecordAfterTheMostEntriesARecordMayHold() {
        LogEntryCodec smallRecords = new LogEntryCodec(4, LogEntryCodec.DEFAULT_MAX_RECORD_BYTES);
        List<LogEntry> entries = SampleEntries.numbered(10);

        List<QueueRecord> records = smallRecords.encode(entries);

        assertThat(records).extracting(QueueRecord::entryCount).containsExactly(4, 4, 2);
        assertThat(decodeAll(smallRecords, records)).isEqualTo(entries);
    }

    @Test
    void startsANewRecordBeforeOneOutgrowsTheSizeLimitCountingUtf8Bytes() {
        int limit = 4_000;
        LogEntryCodec smallRecords = new LogEntryCodec(1_000, limit);
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entries.add(withMessage("☃".repeat(100) + i)); // 300 bytes in UTF-8, 100 characters
        }

        List<QueueRecord> records = smallRecords.encode(entries);

        assertThat(records).hasSizeGreaterThan(3);
        assertThat(records).allSatisfy(record ->
                assertThat(record.batch().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit));
        assertThat(decodeAll(smallRecords, records)).isEqualTo(entries);
    }

    @Test
    void givesAnEntryLargerThanTheSizeLimitARecordOfItsOwnAndNeverSplitsIt() {
        LogEntryCodec smallRecords = new LogEntryCodec(1_000, 1_000);
        List<LogEntry> entries = List.of(withMessage("small"), withMessage("x".repeat(5_000)), withMessage("small"));

        List<QueueRecord> records = smallRecords.encode(entries);

        assertThat(records).extracting(QueueRecord::entryCount).containsExactly(1, 1, 1);
        assertThat(decodeAll(smallRecords, records)).isEqualTo(entries);
    }

    @Test
    void startsANewRecordWhereTenantOrReceiveTimeChangesAndKeepsTheOrder() {
        Instant first = Instant.parse("2024-05-01T08:00:00Z");
        Instant later = first.plusNanos(1_000);
        List<LogEntry> entries = new ArrayList<>();
        entries.addAll(SampleEntries.numbered(2, "acme", first));
        entries.addAll(SampleEntries.numbered(1, "globex", first));
        entries.addAll(SampleEntries.numbered(2, "globex", later));
        entries.addAll(SampleEntries.numbered(1, "acme", first));

        List<QueueRecord> records = codec.encode(entries);

        assertThat(records).extracting(QueueRecord::entryCount).containsExactly(2, 1, 2, 1);
        assertThat(decodeAll(codec, records)).isEqualTo(entries);
    }

    @Test
    void readsAVersionOneRecordAsWrittenByEarlierReleases() {
        String stored = """
                {"v":1,"id":"0190f2c4-7a1e-7b3c-9d4e-5f6a7b8c9d0e","tenant":"acme",
                 "timestamp":"2024-02-29T23:59:59.000001Z","received_at":"2024-03-01T00:00:00.123456Z",
                 "service":"checkout","level":"warn","message":"slow","attributes":{"ms":1250,"p":0.25,"cost":1.50},
                 "decimals":{"/cost":"1.50"},"trace_id":"t1","span_id":null,"host":"web-7","added_later":"ignored"}
                """;

        List<LogEntry> decoded = codec.decode(Map.of(QueueRecord.VERSION_ONE_FIELD, stored));

        assertThat(decoded).containsExactly(new LogEntry(
                UUID.fromString("0190f2c4-7a1e-7b3c-9d4e-5f6a7b8c9d0e"), "acme",
                Instant.parse("2024-02-29T23:59:59.000001Z"), Instant.parse("2024-03-01T00:00:00.123456Z"),
                "checkout", Level.WARN, "slow", Attributes.of("{\"ms\":1250,\"p\":0.25,\"cost\":1.50}"),
                "t1", null, "web-7"));
    }

    @Test
    void readsFieldsItDoesNotKnowPast() {
        String batch = codec.encode(List.of(SampleEntries.minimal())).get(0).batch()
                .replace("{\"v\":2,", "{\"v\":2,\"origin\":{\"a\":[1]},")
                .replace("\"service\":", "\"added_later\":[{}],\"service\":");

        assertThat(codec.decode(Map.of(QueueRecord.BATCH_FIELD, batch))).hasSize(1);
    }

    @Test
    void refusesARecordOfAnUnknownVersion() {
        String future = codec.encode(List.of(SampleEntries.minimal())).get(0).batch().replace("\"v\":2", "\"v\":3");

        assertThatThrownBy(() -> codec.decode(Map.of(QueueRecord.BATCH_FIELD, future)))
                .isInstanceOf(UndecodableEntryException.class)
                .hasMessageContaining("version 3");
    }

    @Test
    void refusesARecordThatHoldsNoBatchDocument() {
        assertThatThrownBy(() -> codec.decode(Map.of(QueueRecord.BATCH_FIELD, "not json")))
                .isInstanceOf(UndecodableEntryException.class);
        assertThatThrownBy(() -> codec.decode(Map.of(QueueRecord.BATCH_FIELD, "{\"v\":2,\"entries\":[")))
                .isInstanceOf(UndecodableEntryException.class);
        assertThatThrownBy(() -> codec.decode(Map.of(QueueRecord.BATCH_FIELD, "{\"v\":2}")))
                .isInstanceOf(UndecodableEntryException.class);
        assertThatThrownBy(() -> codec.decode(Map.of(QueueRecord.VERSION_ONE_FIELD, "{}")))
                .isInstanceOf(UndecodableEntryException.class);
        assertThatThrownBy(() -> codec.decode(Map.of("payload", "{}")))
                .isInstanceOf(UndecodableEntryException.class)
                .hasMessageContaining("neither");
    }

    @Test
    void refusesARecordHoldingAnInvalidEntry() {
        String batch = codec.encode(List.of(SampleEntries.minimal())).get(0).batch();
        List<String> broken = List.of(
                batch.replace("\"tenant\":\"acme\"", "\"tenant\":\"A C\""),
                batch.replace("\"service\":\"api\"", "\"service\":null"),
                batch.replace("\"level\":\"info\"", "\"level\":\"loud\""),
                batch.replace("\"attributes\":{}", "\"attributes\":[]"),
                batch.replace("\"timestamp\":\"2024-05", "\"timestamp\":\"2024-13"),
                batch.replace("\"message\":\"ready\"", "\"message\":7"));

        assertThat(broken).doesNotContain(batch).allSatisfy(text ->
                assertThatThrownBy(() -> codec.decode(Map.of(QueueRecord.BATCH_FIELD, text)))
                        .isInstanceOf(UndecodableEntryException.class));
    }

    private static List<LogEntry> roundTrip(LogEntryCodec codec, List<LogEntry> entries) {
        return decodeAll(codec, codec.encode(entries));
    }

    private static List<LogEntry> decodeAll(LogEntryCodec codec, List<QueueRecord> records) {
        List<LogEntry> entries = new ArrayList<>();
        for (QueueRecord record : records) {
            List<LogEntry> decoded = codec.decode(Map.of(QueueRecord.BATCH_FIELD, record.batch()));
            assertThat(decoded).hasSize(record.entryCount());
            entries.addAll(decoded);
        }
        return entries;
    }

    private static LogEntry withAttributes(Attributes attributes) {
        LogEntry base = SampleEntries.minimal();
        return new LogEntry(base.id(), base.tenant(), base.timestamp(), base.receivedAt(), base.service(),
                base.level(), base.message(), attributes, base.traceId(), base.spanId(), base.host());
    }

    private static LogEntry withMessage(String message) {
        return SampleEntries.minimal(message);
    }
}
