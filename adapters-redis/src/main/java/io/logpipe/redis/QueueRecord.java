package io.logpipe.redis;

/**
 * What one stream record holds: a batch document of entries, as {@link LogEntryCodec} writes it, and how many.
 *
 * @param batch the document, for the record's {@value #BATCH_FIELD} field
 * @param entryCount how many entries it holds, for the record's {@value #COUNT_FIELD} field
 */
record QueueRecord(String batch, int entryCount) {
    static final String BATCH_FIELD = "batch";
    /** Read by the queue's scripts too, which keep the backlog counter without parsing batches. */
    static final String COUNT_FIELD = "n";
    /** The one field of a version 1 record, one entry per record, as releases before batches wrote them. */
    static final String VERSION_ONE_FIELD = "entry";
}
