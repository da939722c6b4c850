package io.logpipe.application;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.time.Instant;

/** Accepted entries for tests that start after ingest. */
final class Entries {
    private Entries() {
    }

    static LogEntry entry(String tenant, String service, Instant timestamp) {
        return new LogEntry(EntryIds.newId(timestamp), tenant, timestamp, timestamp, service, Level.INFO,
                "message from " + service, Attributes.none(), null, null, null);
    }
}
