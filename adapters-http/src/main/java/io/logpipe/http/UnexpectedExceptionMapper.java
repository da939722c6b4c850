package io.logpipe.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 500 for anything no other mapper claims: a bug. The client gets an error id and nothing else; the same id is logged
 * with the stack trace, so a report can be matched to its cause.
 */
final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        String errorId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        LOG.error("unexpected error {} while handling a request", errorId, exception);
        return ErrorResponse.builder(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(),
                "internal server error; it has been logged as error " + errorId, List.of("error id: " + errorId))
                .build();
    }
}
