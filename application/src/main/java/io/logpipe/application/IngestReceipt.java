package io.logpipe.application;

import java.util.List;
import java.util.UUID;

/**
 * What ingest accepted: the id of every entry, in the order they were sent.
 *
 * @param ids one per accepted entry
 */
public record IngestReceipt(List<UUID> ids) {

    public IngestReceipt {
        ids = List.copyOf(ids);
    }

    public int accepted() {
        return ids.size();
    }
}
