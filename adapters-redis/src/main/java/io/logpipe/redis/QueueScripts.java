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
     * for each dead letter its batch, reason, code, delivery count and tenant. Acknowledges each record, and only one
     * this call took off the group's pending list is deleted and its entries taken off the counter, so a lease
     * acknowledged twice counts once. The dead letters go to the dead-letter stream only if some record was still
     * pending, so a lease acknowledged again after a lost reply, or by a second worker that took it over, sets them
     * aside once. Their {@code tenant} field lets the dead-letter scripts tell whose they are without parsing batches.
     * Returns how many entries left the backlog.
     */
    static final Script ACKNOWLEDGE = Script.of("acknowledge", BACKLOG_HELPERS + """
            local refused = refusal(KEYS[2])
            if refused then return refused end
            local ids = tonumber(ARGV[2])
            local removed = 0
            local taken = false
            for i = 3, 2 + ids do
              if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
                taken = true
                local record = redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i])[1]
                if record then
                  removed = removed + entries_in(record[2])
                  redis.call('XDEL', KEYS[1], ARGV[i])
                end
              end
            end
            if taken then
              for i = 3 + ids, #ARGV, 5 do
                redis.call('XADD', KEYS[3], '*', 'batch', ARGV[i], 'n', 1, 'reason', ARGV[i + 1], 'code', ARGV[i + 2],
                  'deliveries', ARGV[i + 3], 'tenant', ARGV[i + 4])
              end
            end
            settle_backlog(KEYS[1], KEYS[2], removed)
            return removed
            """);

    /**
     * KEYS: stream, backlog counter, dead-letter stream. ARGV: group, record id, reason, how often it was delivered.
     * Copies the record's fields with {@code reason}, {@code original_id} and {@code deliveries} to the dead-letter
     * stream, then acknowledges and deletes it and takes
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
            table.insert(fields, 'deliveries')
            table.insert(fields, ARGV[4])
            redis.call('XADD', KEYS[3], '*', unpack(fields))
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            settle_backlog(KEYS[1], KEYS[2], removed)
            return 1
            """);

    /**
     * KEYS: stream. ARGV: group, idle milliseconds. Removes every consumer of the group that has nothing pending and
     * has been idle longer than that; checking and removing in one script means no read can slip in between and have
     * its pending records removed with the consumer. Returns how many were removed.
     */
    static final Script REMOVE_IDLE_CONSUMERS = Script.of("remove-idle-consumers", """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
            if not ok then return 0 end
            local idle_limit = tonumber(ARGV[2])
            local removed = 0
            for _, consumer in ipairs(consumers) do
              local info = {}
              for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
              if info['pending'] == 0 and info['idle'] > idle_limit then
                redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
                removed = removed + 1
              end
            end
            return removed
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

    /** How many records one run of {@link #FIND_DEAD_LETTERS} looks at, at most. */
    static final int DEAD_LETTERS_LOOKED_AT = 500;

    /**
     * KEYS: dead-letter stream. ARGV: the id after which to start ({@code -} for the first record), the last id to
     * look at ({@code +} for the end), a tenant ({@code ""} for every record), and how many records and how many bytes
     * of field values to find at most (it stops once either is reached, after at least one record). Looks at
     * {@value #DEAD_LETTERS_LOOKED_AT} records at most, so that no call holds Redis up for long, and returns
     * {@code {state, last id looked at, records found}}: state {@code end} once the range is exhausted, else
     * {@code more}, to go on after that id.
     *
     * <p>A record is taken as the tenant's when its {@code tenant} field names it or, for records without one (set
     * aside whole, or before the field was written), when the first {@code "tenant":"..."} in its batch does, which
     * in the batch format is the header's. That is a cheap first sieve, not the last word: the caller decodes what it
     * gets and drops anything that is not the tenant's.
     */
    static final Script FIND_DEAD_LETTERS = Script.of("find-dead-letters", """
            local function tenant_of(list)
              local tenant, text
              for i = 1, #list, 2 do
                if list[i] == 'tenant' then tenant = list[i + 1]
                elseif list[i] == 'batch' or list[i] == 'entry' then text = list[i + 1] end
              end
              if tenant then return tenant end
              return text and string.match(text, '"tenant":"([a-z0-9_.%-]+)"')
            end
            local function size_of(list)
              local size = 0
              for i = 2, #list, 2 do size = size + #list[i] end
              return size
            end
            local step, budget = 50, """ + DEAD_LETTERS_LOOKED_AT + """

            local wanted, wanted_bytes = tonumber(ARGV[4]), tonumber(ARGV[5])
            local start = ARGV[1] == '-' and '-' or '(' .. ARGV[1]
            local last = ARGV[1]
            local found, bytes, looked = {}, 0, 0
            while looked < budget do
              local records = redis.call('XRANGE', KEYS[1], start, ARGV[2], 'COUNT', step)
              for _, record in ipairs(records) do
                looked = looked + 1
                last = record[1]
                if ARGV[3] == '' or tenant_of(record[2]) == ARGV[3] then
                  found[#found + 1] = record
                  bytes = bytes + size_of(record[2])
                  if #found >= wanted or bytes >= wanted_bytes then return {'more', last, found} end
                end
              end
              if #records < step then return {'end', last, found} end
              start = '(' .. last
            end
            return {'more', last, found}
            """);

    /**
     * KEYS: stream, backlog counter, dead-letter stream. ARGV: for each dead letter its record id, how many stream
     * records its entries make, then each one's batch and entry count. Deletes each dead letter and, only if it was
     * still there, adds its records to the stream and counts their entries into the backlog, all in this one step, so
     * a dead letter replayed twice, or by two callers at once, is queued once. Returns 1 per dead letter replayed, 0
     * per one gone already.
     */
    static final Script REPLAY = Script.of("replay", BACKLOG_HELPERS + """
            local refused = refusal(KEYS[2])
            if refused then return refused end
            local outcomes = {}
            local added = 0
            local i = 1
            while i <= #ARGV do
              local records = tonumber(ARGV[i + 1])
              if redis.call('XDEL', KEYS[3], ARGV[i]) == 1 then
                for r = i + 2, i + 2 * records, 2 do
                  redis.call('XADD', KEYS[1], '*', 'batch', ARGV[r], 'n', ARGV[r + 1])
                  added = added + tonumber(ARGV[r + 1])
                end
                outcomes[#outcomes + 1] = 1
              else
                outcomes[#outcomes + 1] = 0
              end
              i = i + 2 + 2 * records
            end
            if added > 0 then redis.call('INCRBY', KEYS[2], added) end
            return outcomes
            """);

    /** KEYS: dead-letter stream. ARGV: record ids. Deletes them; returns per id 1 if it was there, else 0. */
    static final Script PURGE = Script.of("purge", """
            local deleted = {}
            for i = 1, #ARGV do deleted[i] = redis.call('XDEL', KEYS[1], ARGV[i]) end
            return deleted
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
