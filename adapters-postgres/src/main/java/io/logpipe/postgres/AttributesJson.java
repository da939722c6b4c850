package io.logpipe.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Writes entry attributes as JSON for the {@code jsonb} column and reads them back.
 *
 * <p>jsonb keeps values but not key order or number spelling beyond their value, which is all {@link Map} equality
 * needs. Numbers read back as Jackson's defaults (int, long or BigInteger; double), the same types the HTTP adapter
 * produces when it reads the entry in the first place. Thread-safe.
 */
final class AttributesJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private AttributesJson() {
    }

    static String write(Map<String, Object> attributes) {
        try {
            return MAPPER.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON", e);
        }
    }

    static Map<String, Object> read(String json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not a JSON object", e);
        }
    }
}
