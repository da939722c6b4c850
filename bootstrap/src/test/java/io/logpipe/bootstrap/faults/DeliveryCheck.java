package io.logpipe.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The delivery promise, checked from outside once the queue has drained: every entry answered with 202 is in
 * PostgreSQL exactly once, with the message it was sent with; an entry whose request got no answer is there at most
 * once; and the tenant holds nothing else, so nothing refused (503) was stored after all. Counted by id alone, so a
 * duplicate shows even where the table's key (tenant, timestamp, id) would let it in under another timestamp.
 */
final class DeliveryCheck {
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(60);
    private static final int EXAMPLES = 5;

    private DeliveryCheck() {
    }

    /** Waits until the stream is empty, then checks what PostgreSQL holds for the load's tenant. */
    static void assertEveryAcceptedEntryStoredOnce(LoadClient load, PostgresServer postgres, QueueState queue) {
        assertEveryAcceptedEntryStoredOnce(load, postgres, queue, Set.of());
    }

    /**
     * As {@link #assertEveryAcceptedEntryStoredOnce(LoadClient, PostgresServer, QueueState)}, with {@code alsoInDoubt}
     * entries that may be stored at most once whatever their answer said, such as those of a request in flight when
     * the fault struck.
     */
    static void assertEveryAcceptedEntryStoredOnce(LoadClient load, PostgresServer postgres, QueueState queue,
            Set<UUID> alsoInDoubt) {
        awaitDrained(queue);
        Set<UUID> accepted = load.accepted();
        Set<UUID> inDoubt = new HashSet<>(load.inDoubt());
        alsoInDoubt.stream().filter(id -> !accepted.contains(id)).forEach(inDoubt::add);
        Map<UUID, List<String>> stored = storedMessages(postgres, load.key().tenant());

        List<UUID> lost = accepted.stream().filter(id -> !stored.containsKey(id)).toList();
        Map<UUID, Integer> duplicated = stored.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().size()));
        List<UUID> altered = stored.entrySet().stream()
                .filter(entry -> entry.getValue().stream()
                        .anyMatch(message -> !message.equals(LoadClient.messageOf(entry.getKey()))))
                .map(Map.Entry::getKey).toList();
        List<UUID> unexpected = stored.keySet().stream()
                .filter(id -> !accepted.contains(id) && !inDoubt.contains(id)).toList();
        long inDoubtStored = inDoubt.stream().filter(stored::containsKey).count();

        System.out.printf("[faults] %s; 202 for %d entries, %d in doubt (%d of them stored); %d stored; lost %d, "
                + "duplicated %d, altered %d, unexpected %d%n", load.summary(), accepted.size(), inDoubt.size(),
                inDoubtStored, stored.size(), lost.size(), duplicated.size(), altered.size(), unexpected.size());

        assertThat(accepted).as("entries answered with 202 (a test that accepted nothing checks nothing)")
                .isNotEmpty();
        List<String> problems = new ArrayList<>();
        if (!lost.isEmpty()) {
            problems.add(lost.size() + " entries answered 202 are not stored, e.g. " + first(lost));
        }
        if (!duplicated.isEmpty()) {
            problems.add(duplicated.size() + " entries are stored more than once, e.g. (id=times) "
                    + duplicated.entrySet().stream().limit(EXAMPLES).toList());
        }
        if (!altered.isEmpty()) {
            problems.add(altered.size() + " entries are stored with another message than sent, e.g. " + first(altered));
        }
        if (!unexpected.isEmpty()) {
            problems.add(unexpected.size() + " stored entries were never sent or were refused, e.g. "
                    + first(unexpected));
        }
        assertThat(problems).as("exactly-once delivery for tenant %s (%s)", load.key().tenant(), load.summary())
                .isEmpty();
    }

    /** How many entries of {@code tenant} PostgreSQL holds. */
    static long storedCount(PostgresServer postgres, String tenant) {
        try (Connection connection = postgres.connect();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM log_entries WHERE tenant = ?")) {
            count.setString(1, tenant);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the stored entries", e);
        }
    }

    private static void awaitDrained(QueueState queue) {
        try {
            await("the queue to drain into PostgreSQL").atMost(DRAIN_WITHIN).pollInterval(Duration.ofMillis(250))
                    .until(queue::isEmpty);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the queue did not drain within " + DRAIN_WITHIN + ": " + queue.describe(), e);
        }
    }

    /** The messages PostgreSQL holds for {@code tenant} by entry id, one per stored row, so a duplicate shows. */
    static Map<UUID, List<String>> storedMessages(PostgresServer postgres, String tenant) {
        Map<UUID, List<String>> stored = new HashMap<>();
        try (Connection connection = postgres.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, message FROM log_entries WHERE tenant = ?")) {
            select.setString(1, tenant);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>(1))
                            .add(rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored entries", e);
        }
        return stored;
    }

    private static String first(List<UUID> ids) {
        return ids.stream().limit(EXAMPLES).toList().toString();
    }
}
