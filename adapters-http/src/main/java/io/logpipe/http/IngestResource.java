package io.logpipe.http;

import io.dropwizard.auth.Auth;
import io.logpipe.application.IngestBatch;
import io.logpipe.application.IngestBatch.RetryKey;
import io.logpipe.application.IngestLimits;
import io.logpipe.application.IngestLogs;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Principal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code POST /ingest}: queues log entries for the caller's tenant and answers 202 with their ids.
 *
 * <p>The body is read as a stream, bounded to the configured size after decompression; gzip bodies arrive inflated
 * by the server's gzip handler, so what is counted is what is parsed. With an {@code Idempotency-Key}, the body's
 * SHA-256 is taken while it is read, to tell a retry from a reuse of the key.
 */
@Path("/ingest")
@Consumes({MediaType.APPLICATION_JSON, IngestResource.NDJSON})
@Produces(MediaType.APPLICATION_JSON)
public final class IngestResource {
    static final String NDJSON = "application/x-ndjson";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final MediaType NDJSON_TYPE = MediaType.valueOf(NDJSON);

    private final IngestLogs ingestLogs;
    private final IngestLimits limits;
    private final IngestBodyReader reader;

    IngestResource(IngestLogs ingestLogs) {
        this.ingestLogs = ingestLogs;
        this.limits = ingestLogs.rules().limits();
        this.reader = new IngestBodyReader(limits);
    }

    @POST
    @RolesAllowed("ingest")
    public Response ingest(@Auth Principal caller, @Context HttpHeaders headers,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, InputStream body) throws IOException {
        requireReadableEncoding(headers.getHeaderString(HttpHeaders.CONTENT_ENCODING));
        if (headers.getLength() > limits.maxBodyBytes()) {
            throw BoundedBody.tooLarge(limits.maxBodyBytes());
        }
        boolean ndjson = headers.getMediaType() != null
                && headers.getMediaType().isCompatible(NDJSON_TYPE);
        MessageDigest digest = idempotencyKey == null ? null : sha256(idempotencyKey);
        InputStream bounded = new BoundedBody(body, limits.maxBodyBytes());
        InputStream read = digest == null ? bounded : new DigestInputStream(bounded, digest);
        IngestBatch batch = new IngestBatch(reader.read(read, ndjson),
                digest == null ? null : new RetryKey(idempotencyKey, HexFormat.of().formatHex(digest.digest())));
        IngestResponse accepted = IngestResponse.from(ingestLogs.ingest(caller, batch));
        return Response.accepted(accepted).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The server inflates gzip and takes the header away; any encoding still named is one we cannot read. */
    private static void requireReadableEncoding(String contentEncoding) {
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.equalsIgnoreCase("identity")) {
            throw new RequestBodyException(RequestBodyException.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + Shown.text(contentEncoding) + "' is not supported; nothing was accepted",
                    List.of("send the body uncompressed or with Content-Encoding: gzip"));
        }
    }

    private static MessageDigest sha256(String idempotencyKey) {
        if (!IdempotencyClaim.isValidKey(idempotencyKey)) {
            throw new RequestBodyException(RequestBodyException.BAD_REQUEST,
                    "the Idempotency-Key header is invalid; nothing was accepted",
                    List.of(IDEMPOTENCY_KEY + ": must be 1 to " + IdempotencyClaim.MAX_KEY_LENGTH
                            + " visible ASCII characters, such as a UUID"));
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
