package io.logpipe.application;

/**
 * How large an ingest request and its entries may be. Every protocol reader enforces the request limits while it
 * reads, so no request costs more than they allow; {@link EntryRules} checks the entry limits.
 *
 * @param maxBodyBytes the most bytes a request body may hold after decompression
 * @param maxEntries the most entries one request may hold
 * @param maxMessageBytes the longest message, in UTF-8 bytes
 * @param maxServiceLength the longest service name, in characters
 * @param maxFieldLength the longest {@code trace_id}, {@code span_id} and {@code host}, in characters
 * @param maxAttributesBytes the most bytes an entry's attributes may take as JSON
 * @param maxAttributesDepth how deep attributes may nest: {@code {"a": 1}} is 1 level, {@code {"a": {"b": 1}}} 2
 */
public record IngestLimits(
        long maxBodyBytes,
        int maxEntries,
        int maxMessageBytes,
        int maxServiceLength,
        int maxFieldLength,
        int maxAttributesBytes,
        int maxAttributesDepth) {

    public IngestLimits {
        requirePositive(maxBodyBytes, "maxBodyBytes");
        requirePositive(maxEntries, "maxEntries");
        requirePositive(maxMessageBytes, "maxMessageBytes");
        requirePositive(maxServiceLength, "maxServiceLength");
        requirePositive(maxFieldLength, "maxFieldLength");
        requirePositive(maxAttributesBytes, "maxAttributesBytes");
        requirePositive(maxAttributesDepth, "maxAttributesDepth");
    }

    /** 10 MiB bodies of at most 10,000 entries; 64 KiB messages; 16 KiB attributes nested at most 8 deep. */
    public static IngestLimits standard() {
        return new IngestLimits(10L * 1024 * 1024, 10_000, 64 * 1024, 256, 256, 16 * 1024, 8);
    }

    private static void requirePositive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
