package io.logpipe.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jersey's own refusals (404, 405, 406, 415, 400 ...) and any we throw, with their status and headers (such as
 * {@code Allow} on a 405) kept and our JSON body put in. Server-side ones are logged: they mean a bug or a
 * misconfiguration.
 */
final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    private static final Logger LOG = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String message;
        if (status.getFamily() == Response.Status.Family.SERVER_ERROR) {
            LOG.error("answering {} to a request", status.getStatusCode(), exception);
            message = status.getReasonPhrase();
        } else {
            message = exception.getMessage() == null ? status.getReasonPhrase() : exception.getMessage();
        }
        // Only ingest takes a body, so an unsupported one is always an ingest body.
        List<String> errors = status.getStatusCode() == RequestBodyException.UNSUPPORTED_MEDIA_TYPE
                ? List.of("send Content-Type: application/json or " + IngestResource.NDJSON)
                : List.of();
        return Response.fromResponse(original)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(status.getStatusCode(), message, errors))
                .build();
    }
}
