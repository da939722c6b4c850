package io.logpipe.redis;

/**
 * The Redis keys of one stream of a queue, a partition. All are named after the stream, so a hash tag in the stream's
 * name, such as {@code {logpipe}:entries}, puts every one in the stream's cluster slot, as the queue's scripts need;
 * the streams of several partitions always have one (see {@link QueuePartitions}).
 *
 * @param stream the stream of records
 */
record QueueKeys(String stream) {

    /** How many entries the stream holds, as a counter the scripts keep. */
    String backlog() {
        return stream + ":backlog";
    }

    /** Where undecodable records go. */
    String deadLetters() {
        return stream + ":dead";
    }

    /** A tenant's idempotency claim. Tenant names hold no {@code :}, so the key cannot be read two ways. */
    String claim(String tenant, String key) {
        return stream + ":idem:" + tenant + ":" + key;
    }
}
