package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryGeneratorTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void sameSeedGivesTheSameEntries() {
        List<SampleEntry> first = new EntryGenerator(7, START, Duration.ofMillis(1)).nextBatch(500);
        List<SampleEntry> second = new EntryGenerator(7, START, Duration.ofMillis(1)).nextBatch(500);
        List<SampleEntry> otherSeed = new EntryGenerator(8, START, Duration.ofMillis(1)).nextBatch(500);

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void levelsFollowTheDocumentedMix() {
        EntryGenerator generator = new EntryGenerator(1, START, Duration.ofMillis(1));
        Map<String, Integer> levels = new HashMap<>();
        int entries = 100_000;
        for (int i = 0; i < entries; i++) {
            levels.merge(generator.next(0).level(), 1, Integer::sum);
        }

        assertThat(levels.keySet()).containsExactlyInAnyOrder("info", "debug", "warn", "error");
        assertThat(levels.get("info") / (double) entries).isCloseTo(0.70, within(0.01));
        assertThat(levels.get("debug") / (double) entries).isCloseTo(0.15, within(0.01));
        assertThat(levels.get("warn") / (double) entries).isCloseTo(0.10, within(0.01));
        assertThat(levels.get("error") / (double) entries).isCloseTo(0.05, within(0.01));
    }

    @Test
    void batchesSpreadOverEveryTenantAndServiceAndStayOneTenantEach() {
        EntryGenerator generator = new EntryGenerator(3, START, Duration.ofMillis(1));
        Set<Integer> tenants = new HashSet<>();
        Set<String> services = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            List<SampleEntry> batch = generator.nextBatch(20);
            assertThat(batch).extracting(SampleEntry::tenant).containsOnly(batch.get(0).tenant());
            tenants.add(batch.get(0).tenant());
            batch.forEach(entry -> services.add(entry.service()));
        }

        assertThat(tenants).hasSize(EntryGenerator.TENANTS.size());
        assertThat(services).hasSize(20);
    }

    @Test
    void entriesAreAboutThreeHundredFiftyBytesOfJsonWithEveryDocumentedField() throws Exception {
        List<SampleEntry> batch = new EntryGenerator(5, START, Duration.ofMillis(1)).nextBatch(1000);
        String body = EntryFormats.ingestBody(batch, false);

        double bytesPerEntry = body.getBytes(StandardCharsets.UTF_8).length / 1000.0;
        assertThat(bytesPerEntry).isBetween(300.0, 400.0);
        JsonNode traced = null;
        for (JsonNode entry : new ObjectMapper().readTree(body)) {
            if (entry.has("trace_id")) {
                traced = entry;
                break;
            }
        }
        assertThat(traced).isNotNull();
        assertThat(traced.fieldNames()).toIterable()
                .containsExactly("timestamp", "service", "level", "message", "attributes", "trace_id", "host");
        assertThat(traced.get("attributes").fieldNames()).toIterable()
                .containsExactly("http", "user_id", "region", "duration_ms");
        assertThat(traced.at("/attributes/http/status").isInt()).isTrue();
        assertThat(traced.get("message").asText().split(" ")).hasSizeBetween(8, 20);
    }

    @Test
    void eachRareWordIsInAboutOneMessageInAThousandAndEachCommonWordInAboutOneInEight() {
        EntryGenerator generator = new EntryGenerator(13, START, Duration.ofMillis(1));
        int entries = 200_000;
        Map<String, Integer> messagesWith = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            for (String word : new HashSet<>(List.of(generator.next(0).message().split(" ")))) {
                messagesWith.merge(word, 1, Integer::sum);
            }
        }

        for (String rare : EntryGenerator.RARE_WORDS) {
            assertThat(messagesWith.getOrDefault(rare, 0) / (double) entries).isCloseTo(0.001, within(0.0003));
        }
        for (String common : QueryShapes.COMMON_WORDS) {
            assertThat(messagesWith.get(common) / (double) entries).isCloseTo(0.12, within(0.01));
        }
    }

    @Test
    void tracesSpanAFewEntriesOfOneTenantAndOneEntryInTenHasNone() {
        EntryGenerator generator = new EntryGenerator(17, START, Duration.ofMillis(1));
        int entries = 100_000;
        Map<String, Set<Integer>> tenantsOfTrace = new HashMap<>();
        Map<String, Integer> entriesOfTrace = new HashMap<>();
        int untraced = 0;
        for (int i = 0; i < entries; i++) {
            SampleEntry entry = generator.next(generator.weightedTenant());
            if (entry.traceId() == null) {
                untraced++;
                continue;
            }
            tenantsOfTrace.computeIfAbsent(entry.traceId(), trace -> new HashSet<>()).add(entry.tenant());
            entriesOfTrace.merge(entry.traceId(), 1, Integer::sum);
        }

        assertThat(untraced / (double) entries).isCloseTo(0.10, within(0.01));
        assertThat(tenantsOfTrace.values()).allSatisfy(tenants -> assertThat(tenants).hasSize(1));
        assertThat(entriesOfTrace.values()).allSatisfy(count -> assertThat(count).isBetween(1, 9));
        assertThat((entries - untraced) / (double) entriesOfTrace.size()).isCloseTo(5.0, within(0.2));
    }

    @Test
    void timestampsStartAtTheStartAndAdvanceBySpacing() {
        EntryGenerator generator = new EntryGenerator(9, START, Duration.ofMillis(10));
        List<SampleEntry> batch = generator.nextBatch(1000);

        assertThat(batch.get(0).timestamp()).isBetween(START, START.plusMillis(10));
        assertThat(batch.get(999).timestamp()).isBetween(START.plusMillis(9990), START.plusMillis(10_000));
    }

    @Test
    void idsAreVersionSevenUuidsOfTheEntryTime() {
        SampleEntry entry = new EntryGenerator(11, START, Duration.ofMillis(1)).next(2);

        assertThat(entry.id().version()).isEqualTo(7);
        assertThat(entry.id().variant()).isEqualTo(2);
        assertThat(entry.id().getMostSignificantBits() >>> 16).isEqualTo(entry.timestamp().toEpochMilli());
    }
}
