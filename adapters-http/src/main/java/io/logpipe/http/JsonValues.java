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
 * <p>It also reports numbers too large for a double, such as {@code 1e400}, which would become Infinity and no longer
 * be JSON.
 */
final class JsonValues {

    private JsonValues() {
    }

    /**
     * @param path where {@code object} sits, such as {@code "[0].attributes"}, to name problems by
     * @param errors where to add one line per problem, such as {@code "[0].attributes.user.name: ..."}
     * @return the plain map; meaningless when problems were added
     */
    static Map<String, Object> toMap(JsonNode object, String path, List<String> errors) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String fieldPath = path + "." + field.getKey();
            map.put(field.getKey(), toPlain(field.getValue(), fieldPath, errors));
        }
        return map;
    }

    private static Object toPlain(JsonNode node, String path, List<String> errors) {
        return switch (node.getNodeType()) {
            case OBJECT -> toMap(node, path, errors);
            case ARRAY -> toList(node, path, errors);
            case STRING -> node.textValue();
            case NUMBER -> {
                if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                    errors.add(path + ": number is too large");
                }
                yield node.numberValue();
            }
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            // A tree parsed from JSON text never holds binary or POJO nodes; keep their text if one ever appears.
            case BINARY, POJO -> node.asText();
        };
    }

    private static List<Object> toList(JsonNode array, String path, List<String> errors) {
        List<Object> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            list.add(toPlain(array.get(i), path + "[" + i + "]", errors));
        }
        return list;
    }
}
