package io.logpipe.http;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.logpipe.application.EntryDraft;
import io.logpipe.domain.InvalidRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The body of {@code POST /ingest}: one entry object or an array of them, read by {@link IngestRequestDeserializer}.
 * To clients the body <em>is</em> the list, so error paths leave out {@value #ENTRIES} and start at the index.
 *
 * @param entries the entries in the order sent; a single object becomes a list of one
 */
@JsonDeserialize(using = IngestRequestDeserializer.class)
record IngestRequest(List<@NotNull @Valid EntryRequest> entries) {
    static final String ENTRIES = "entries";

    IngestRequest {
        // Not List.copyOf: the list may hold nulls ("[null]"), which validation reports by index.
        entries = Collections.unmodifiableList(new ArrayList<>(entries));
    }

    /**
     * Parses every entry.
     *
     * @throws InvalidRequestException naming every problem as {@code [index].field: problem}, if there is any
     */
    List<EntryDraft> toDrafts() {
        List<String> errors = new ArrayList<>();
        List<EntryDraft> drafts = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            drafts.add(entries.get(i).toDraft("[" + i + "].", errors));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("invalid log entries; none were accepted", errors);
        }
        return drafts;
    }
}
