package io.logpipe.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Lua scripts that make each step of the queue atomic and one round trip, and their running: by SHA-1 with
 * {@code EVALSHA}, loading a script first when Redis answers {@code NOSCRIPT} (after a restart or {@code SCRIPT
 * FLUSH}).
 *
 * <p>The backlog counter holds how many entries the stream's records hold: a record counts its {@code n} field, a
 * version 1 record (field {@code entry}) one, and anything else, written by hand, none. Redis does not undo a script
 * that fails halfway, so each script checks what could fail (the counter holding a number) before its first write.
 * Once the stream is empty, the scripts that remove records set the counter to zero: that is then its true value,
 * whatever drift records removed by hand or written by an older release left.
 *
 * <p>Thread-safe when the client is.
 */
final class QueueScripts {

    /** A Lua script and its SHA-1, by which Redis caches it. */
    record Script(String name, String text, String sha) {

        static Script of(String name, String text) {
            return new Script(name, text, sha1(text));
        }
    }

    private static final String BACKLOG_HELPERS = """
            local function entries_in(fields)
              local count = 0
              for i = 1, #fields, 2 do
                if fields[i] == 'n' then
                  local n = tonumber(fields[i + 1])
                  if n and n >= 0 and n % 1 == 0 then return n end
                  return 0
                elseif fields[i] == 'entry' then
                  count = 1
                end
              end
              return count
            end
            local function refusal(backlog)
              local value = redis.call('GET', backlog)
              if value and not tonumber(value) then
                return redis.error_reply('backlog counter ' .. backlog .. ' holds no number')
              end
            end
            local function settle_backlog(stream, backlog, removed)
              if redis.call('XLEN', stream) == 0 then
                redis.call('SET', backlog, 0)
              elseif removed > 0 then
                redis.call('DECRBY', backlog, removed)
              end
            end
            """;

    /**
     * KEYS: stream, backlog counter, and for enqueueing once the claim. ARGV: the most entries the queue may hold,
     * how many the records hold, the claim's value and its retention in milliseconds (empty without a claim), then
     * each record's batch and entry count. Returns {@code {'claimed', value}} if the claim is taken, else
     * {@code {'full', backlog}} if the queue holds enough, else adds the records and claim and returns
     * {@code {'queued'}}.
     */
    static final Script ENQUEUE = Script.of("enqueue", """
            if KEYS[3] then
              local earlier = redis.call('GET', KEYS[3])
              if earlier then return {'claimed', earlier} end
            end
            local backlog = tonumber(redis.call('GET', KEYS[2]) or '0')
            if not backlog then return redis.error_reply('backlog counter ' .. KEYS[2] .. ' holds no number') end
            if backlog >= tonumber(ARGV[1]) then return {'full', backlog} end
            for i = 5, #ARGV, 2 do
              redis.call('XADD', KEYS[1], '*', 'batch', ARGV[i], 'n', ARGV[i + 1])
            end
            redis.call('INCRBY', KEYS[2], ARGV[2])
            if KEYS[3] then redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4]) end
            return {'queued'}
            """);

    /**
     * KEYS: stream, backlog counter, dead-letter stream. ARGV: group, how many record ids follow, the record ids, then
     * for each dead letter its batch, reason and code. Adds the dead letters to the dead-letter stream, then
     * acknowledges each record, and only one this call took off the group's pending list is deleted and its entries
     * taken off the counter, so a lease acknowledged twice counts once. Returns how many entries left the backlog.
     */
    static final Script ACKNOWLEDGE = Script.of("acknowledge", BACKLOG_HELPERS + """
            local refused = refusal(KEYS[2])
            if refused then return refused end
            local ids = tonumber(ARGV[2])
            for i = 3 + ids, #ARGV, 3 do
              redis.call('XADD', KEYS[3], '*', 'batch', ARGV[i], 'n', 1, 'reason', ARGV[i + 1], 'code', ARGV[i + 2])
            end
            local removed = 0
            for i = 3, 2 + ids do
              if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
                local record = redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i])[1]
                if record then
                  removed = removed + entries_in(record[2])
                  redis.call('XDEL', KEYS[1], ARGV[i])
                end
              end
            end
            settle_backlog(KEYS[1], KEYS[2], removed)
            return removed
            """);

    /**
     * KEYS: stream, backlog counter, dead-letter stream. ARGV: group, record id, reason. Copies the record's fields
     * with {@code reason} and {@code original_id} to the dead-letter stream, then acknowledges and deletes it and takes
     * its entries off the counter. Returns 1, or 0 if the record was gone already.
     */
    static final Script DEAD_LETTER = Script.of("dead-letter", BACKLOG_HELPERS + """
            local refused = refusal(KEYS[2])
            if refused then return refused end
            local record = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])[1]
            if not record then
              redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
              return 0
            end
            local fields = record[2]
            local removed = entries_in(fields)
            table.insert(fields, 'reason')
            table.insert(fields, ARGV[3])
            table.insert(fields, 'original_id')
            table.insert(fields, ARGV[2])
            redis.call('XADD', KEYS[3], '*', unpack(fields))
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            settle_backlog(KEYS[1], KEYS[2], removed)
            return 1
            """);

    /**
     * KEYS: stream, backlog counter. Creates a missing counter from the stream's length, which is right for a new
     * queue (empty) and for one written by a release before batches (one entry per record).
     */
    static final Script START_BACKLOG = Script.of("start-backlog", """
            if redis.call('EXISTS', KEYS[2]) == 0 then
              redis.call('SET', KEYS[2], redis.call('XLEN', KEYS[1]))
            end
            """);

    private final UnifiedJedis redis;
    private final String sampleKey;

    /**
     * @param sampleKey a key the scripts use, so that in a cluster a script is loaded on the node that runs it
     */
    QueueScripts(UnifiedJedis redis, String sampleKey) {
        this.redis = redis;
        this.sampleKey = sampleKey;
    }

    /**
     * Runs a script: integers come back as {@code Long}, strings as {@code String}, tables as lists.
     *
     * @throws redis.clients.jedis.exceptions.JedisException if Redis cannot be reached, or the script or a command
     *     in it fails
     */
    Object run(Script script, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(script.sha(), keys, args);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            redis.scriptLoad(script.text(), sampleKey);
            return redis.evalsha(script.sha(), keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
