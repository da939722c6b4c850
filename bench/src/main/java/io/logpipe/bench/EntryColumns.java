package io.logpipe.bench;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch of generated entries as logpipe's worker holds them before it writes: one array per {@code log_entries}
 * column, in the order of {@link EntryFormats#COPY_COLUMNS}, with the attributes already JSON text. Every write path
 * of the writes phase starts from these values. {@code spanIds} are all null, as the generator makes no span ids.
 */
final class EntryColumns {
    final String[] tenants;
    final UUID[] ids;
    final Instant[] timestamps;
    final Instant[] receivedAts;
    final String[] services;
    final String[] levels;
    final String[] messages;
    final String[] attributes;
    final String[] traceIds;
    final String[] spanIds;
    final String[] hosts;

    private EntryColumns(int size) {
        tenants = new String[size];
        ids = new UUID[size];
        timestamps = new Instant[size];
        receivedAts = new Instant[size];
        services = new String[size];
        levels = new String[size];
        messages = new String[size];
        attributes = new String[size];
        traceIds = new String[size];
        spanIds = new String[size];
        hosts = new String[size];
    }

    /** The entries' columns; each entry's {@code received_at} is its timestamp plus 50 ms, as in the COPY text. */
    static EntryColumns of(List<SampleEntry> entries) {
        EntryColumns columns = new EntryColumns(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            SampleEntry entry = entries.get(i);
            columns.tenants[i] = EntryGenerator.TENANTS.get(entry.tenant());
            columns.ids[i] = entry.id();
            columns.timestamps[i] = entry.timestamp();
            columns.receivedAts[i] = entry.timestamp().plusMillis(50);
            columns.services[i] = entry.service();
            columns.levels[i] = entry.level();
            columns.messages[i] = entry.message();
            columns.attributes[i] = EntryFormats.attributesJson(entry);
            columns.traceIds[i] = entry.traceId();
            columns.hosts[i] = entry.host();
        }
        return columns;
    }

    int size() {
        return ids.length;
    }
}
