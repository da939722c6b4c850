package io.logpipe.http;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/**
 * 422 for Bean Validation failures, including Dropwizard's {@code JerseyViolationException} (a subclass). Paths are
 * written as clients see the JSON, such as {@code "[0].trace_id size must be between 0 and 128"}: the resource
 * method and parameter names are left out, and Java property names are given in the API's snake_case.
 */
final class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        List<String> errors = exception.getConstraintViolations().stream()
                .map(ConstraintViolationExceptionMapper::describe)
                .sorted()
                .toList();
        return ErrorResponse.builder(InvalidRequestExceptionMapper.UNPROCESSABLE_ENTITY,
                "the request is invalid", errors).build();
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = jsonPath(violation.getPropertyPath());
        return path.isEmpty() ? violation.getMessage() : path + " " + violation.getMessage();
    }

    private static String jsonPath(Path propertyPath) {
        StringBuilder path = new StringBuilder();
        String parameterName = null;
        boolean afterParameter = false;
        for (Path.Node node : propertyPath) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameterName = node.getName();
                afterParameter = true;
                continue;
            }
            if (kind != ElementKind.PROPERTY && kind != ElementKind.CONTAINER_ELEMENT && kind != ElementKind.BEAN) {
                continue;
            }
            if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            // The ingest body is a bare list to clients; its wrapper's property is not part of their paths.
            boolean ingestWrapper = afterParameter && path.isEmpty() && IngestRequest.ENTRIES.equals(node.getName());
            if (kind == ElementKind.PROPERTY && !ingestWrapper) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(JsonNames.snakeCase(node.getName()));
            }
            afterParameter = false;
        }
        return path.isEmpty() && parameterName != null ? parameterName : path.toString();
    }
}
