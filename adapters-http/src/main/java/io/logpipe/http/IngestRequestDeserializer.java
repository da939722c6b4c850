package io.logpipe.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.List;

/**
 * Reads an ingest body that is either one entry object or an array of them. Decided here, per request type, rather
 * than with the global ACCEPT_SINGLE_VALUE_AS_ARRAY, which would change every other endpoint too.
 */
final class IngestRequestDeserializer extends StdDeserializer<IngestRequest> {

    IngestRequestDeserializer() {
        super(IngestRequest.class);
    }

    @Override
    public IngestRequest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            JavaType listOfEntries = context.getTypeFactory().constructCollectionType(List.class, EntryRequest.class);
            return new IngestRequest(context.readValue(parser, listOfEntries));
        }
        if (token == JsonToken.START_OBJECT) {
            return new IngestRequest(List.of(readSingle(parser, context)));
        }
        throw MismatchedInputException.from(parser, IngestRequest.class,
                "expected a log entry object or an array of log entries");
    }

    private static EntryRequest readSingle(JsonParser parser, DeserializationContext context) throws IOException {
        try {
            return context.readValue(parser, EntryRequest.class);
        } catch (JsonMappingException e) {
            // Report a lone entry's problems as "[0].field", the same path it would have in an array.
            throw JsonMappingException.wrapWithPath(e, List.of(), 0);
        }
    }
}
