package io.logpipe.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a thread pool's wall-clock time goes, from a JFR recording: time inside JDBI statements ({@code jdbi.statement}
 * events, by the statement's first word) and time blocked reading from a socket ({@code jdk.SocketRead}, recorded
 * with no threshold), by the server at the other end. CPU samples cannot show this: a thread waiting for PostgreSQL's
 * answer is not running.
 */
final class WaitTimes {

    private WaitTimes() {
    }

    /**
     * @param waits time per kind of wait, such as {@code INSERT statements} or {@code reading from Redis}, summed over
     *     the pool's threads; socket reads inside a statement are counted in both
     * @param counts how many statements or reads made each sum
     */
    record Pool(String name, int threads, Map<String, Duration> waits, Map<String, Long> counts) {
    }

    /**
     * @param serverPorts names for remote ports, such as 5432 for PostgreSQL; other ports are counted as clients
     */
    static Map<String, Pool> read(Path recording, Map<Integer, String> serverPorts) throws IOException {
        Map<String, Map<String, Duration>> waits = new TreeMap<>();
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        Map<String, Set<Long>> threads = new TreeMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String kind = switch (event.getEventType().getName()) {
                case "jdbi.statement" -> event.getString("sql").strip().split("\\s+", 2)[0].toUpperCase() + " statements";
                case "jdk.SocketRead" -> "reading from " + serverPorts.getOrDefault(event.getInt("port"), "clients");
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            RecordedThread thread = event.getThread("eventThread");
            String pool = HotMethods.pool(thread == null ? null : thread.getJavaName());
            waits.computeIfAbsent(pool, p -> new TreeMap<>()).merge(kind, event.getDuration(), Duration::plus);
            counts.computeIfAbsent(pool, p -> new TreeMap<>()).merge(kind, 1L, Long::sum);
            threads.computeIfAbsent(pool, p -> new HashSet<>()).add(thread == null ? -1 : thread.getJavaThreadId());
        }
        Map<String, Pool> pools = new TreeMap<>();
        waits.forEach((pool, byKind) -> pools.put(pool, new Pool(pool, threads.get(pool).size(), byKind, counts.get(pool))));
        return pools;
    }
}
