package io.logpipe.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed JSON object into the plain values the domain accepts as attributes (maps, lists, strings, numbers,
 * booleans, null). Done by hand rather than with an ObjectMapper so the result does not depend on how the
 * application's mapper happens to be configured.
 *
 * <p>It also refuses what would be accepted here but fail later in the store, turning one bad entry into a batch the
 * worker can never write: the NUL character, which PostgreSQL text and jsonb cannot hold, and numbers too large for a
 * double (such as {@code 1e400}), which would become Infinity and no longer be JSON.
 */
final class JsonValues {

    private JsonValues() {
    }

    /**
     * @param path where {@code object} sits, such as {@code "attributes"}; used in the problem description
     * @throws IllegalArgumentException naming the first value that cannot be stored, such as
     *     {@code "attributes.user.name: must not contain the NUL character"}
     */
    static Map<String, Object> toMap(JsonNode object, String path) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String fieldPath = path + "." + field.getKey();
            requireStorable(field.getKey(), fieldPath);
            map.put(field.getKey(), toPlain(field.getValue(), fieldPath));
        }
        return map;
    }

    /** Checks a string the store will keep. */
    static void requireStorable(String text, String path) {
        if (text != null && text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(path + ": must not contain the NUL character (\\u0000)");
        }
    }

    private static Object toPlain(JsonNode node, String path) {
        return switch (node.getNodeType()) {
            case OBJECT -> toMap(node, path);
            case ARRAY -> toList(node, path);
            case STRING -> {
                requireStorable(node.textValue(), path);
                yield node.textValue();
            }
            case NUMBER -> {
                if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                    throw new IllegalArgumentException(path + ": number is too large");
                }
                yield node.numberValue();
            }
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            // A tree parsed from JSON text never holds binary or POJO nodes; keep their text if one ever appears.
            case BINARY, POJO -> node.asText();
        };
    }

    private static List<Object> toList(JsonNode array, String path) {
        List<Object> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            list.add(toPlain(array.get(i), path + "[" + i + "]"));
        }
        return list;
    }
}
