package io.logpipe.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may be read up to a limit: the read that would pass it fails, so an endless chunked body or a
 * decompression bomb costs at most the limit, never memory in proportion to what the client sends.
 */
final class BoundedBody extends FilterInputStream {
    private final long limit;
    private long read;

    BoundedBody(InputStream body, long limit) {
        super(body);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // One byte more than the limit allows is enough to tell a body that is exactly at the limit from one over it.
        long allowed = limit - read + 1;
        int n = super.read(buffer, offset, (int) Math.min(length, allowed));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - read + 1));
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        read += n;
        if (read > limit) {
            throw tooLarge(limit);
        }
    }

    static RequestBodyException tooLarge(long limit) {
        return new RequestBodyException(RequestBodyException.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + limit + " bytes (after decompression); nothing was accepted",
                java.util.List.of("send at most " + limit + " bytes per request, split into several requests"));
    }
}
