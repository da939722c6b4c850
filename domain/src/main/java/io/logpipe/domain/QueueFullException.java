package io.logpipe.domain;

/**
 * The queue holds more entries than ingest may add to: the workers have fallen behind. Nothing of the request was
 * queued; the client should send it again later.
 */
public final class QueueFullException extends RuntimeException {
    private final long backlog;

    public QueueFullException(long backlog, long maxBacklog) {
        super("the queue holds " + backlog + " entries, at or over its limit of " + maxBacklog);
        this.backlog = backlog;
    }

    /** How many entries the queue held when it refused. */
    public long backlog() {
        return backlog;
    }
}
