package io.logpipe.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an ingest body that is either one entry object or an array of them. Decided here, for this body only, rather
 * than with the global ACCEPT_SINGLE_VALUE_AS_ARRAY, which would change every other endpoint too.
 *
 * <p>Each entry is read as a tree first so that fields we do not know are taken out and handed to the entry by name,
 * to be reported as a 422 with advice. Neither FAIL_ON_UNKNOWN_PROPERTIES (a global setting) nor a record
 * {@code @JsonAnySetter} (Jackson also binds the component's own name, so a field called like it would slip through)
 * does that reliably.
 */
final class IngestRequestDeserializer extends StdDeserializer<IngestRequest> {

    IngestRequestDeserializer() {
        super(IngestRequest.class);
    }

    @Override
    public IngestRequest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            // A lone entry's problems are reported as "[0].field", the same path it would have in an array.
            return new IngestRequest(List.of(readEntry(parser, context, 0)));
        }
        if (token == JsonToken.START_ARRAY) {
            List<EntryRequest> entries = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                entries.add(readEntry(parser, context, entries.size()));
            }
            return new IngestRequest(entries);
        }
        throw MismatchedInputException.from(parser, IngestRequest.class,
                "expected a log entry object or an array of log entries");
    }

    /** The entry at the parser's position; null for a JSON null, which validation then reports by index. */
    private static EntryRequest readEntry(JsonParser parser, DeserializationContext context, int index)
            throws IOException {
        try {
            JsonNode tree = context.readTree(parser);
            if (tree == null || tree.isNull()) {
                return null;
            }
            if (!tree.isObject()) {
                throw MismatchedInputException.from(parser, EntryRequest.class, "expected a log entry object");
            }
            ObjectNode fields = (ObjectNode) tree;
            Set<String> unknown = new LinkedHashSet<>();
            fields.fieldNames().forEachRemaining(name -> {
                if (!EntryRequest.FIELDS.contains(name)) {
                    unknown.add(name);
                }
            });
            fields.remove(unknown);
            return context.readTreeAsValue(fields, EntryRequest.class).withUnknownFields(unknown);
        } catch (JsonMappingException e) {
            throw JsonMappingException.wrapWithPath(e, List.of(), index);
        }
    }
}
