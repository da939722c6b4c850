package io.logpipe.bootstrap.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.bootstrap.faults.LogpipeJar.ApiKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client that keeps sending ingest requests while a fault happens: batches of entries, each entry with an id of its
 * own, at a steady pace on a thread of its own, until stopped, and never more than a bounded number of requests or
 * for longer than a bounded time. It records every answer:
 * <ul>
 *   <li>202: the ids are accepted, so logpipe owes them to PostgreSQL, exactly once;</li>
 *   <li>no answer (connection refused or reset, timeout): the ids are in doubt, they may or may not have been queued,
 *       so they may be stored at most once;</li>
 *   <li>any other status (503 while Redis is down): nothing of the request was queued.</li>
 * </ul>
 * Each message is made from its entry's id ({@link #messageOf}), so a checker can tell it arrived intact.
 */
final class LoadClient implements AutoCloseable {
    /** The status recorded for a request that got no answer at all. */
    static final int NO_ANSWER = 0;
    private static final int MAX_REQUESTS = 4_000;
    private static final Duration MAX_RUNNING_TIME = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI ingest;
    private final ApiKey key;
    private final int entriesPerRequest;
    private final Duration pause;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param entriesPerRequest how many entries each request carries
     * @param pause how long the client waits after each answer before it sends again
     */
    LoadClient(int port, ApiKey key, int entriesPerRequest, Duration pause) {
        this.ingest = URI.create("http://127.0.0.1:" + port + "/ingest/");
        this.key = key;
        this.entriesPerRequest = entriesPerRequest;
        this.pause = pause;
    }

    ApiKey key() {
        return key;
    }

    /** The message sent with the entry of id {@code id}: text of several scripts, quotes, a tab and a line break. */
    static String messageOf(UUID id) {
        return "entry " + id + " \u2013 gr\u00fc\u00dfe, \u65e5\u672c\u8a9e, \ud83d\ude80 \"quoted\"\tand\nbroken";
    }

    /** Starts sending on a thread of the client's own. */
    LoadClient start() {
        running = true;
        long deadline = System.nanoTime() + MAX_RUNNING_TIME.toNanos();
        thread = new Thread(() -> {
            for (int sent = 0; running && sent < MAX_REQUESTS && System.nanoTime() < deadline; sent++) {
                send(entriesPerRequest);
                if (!pauseBetweenRequests()) {
                    return;
                }
            }
        }, "load-client");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops sending and returns once the request in flight is answered. */
    void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Sends one request of {@code entries} new entries on the caller's thread and returns its answer. */
    Answer send(int entries) {
        List<UUID> ids = new ArrayList<>(entries);
        ArrayNode body = JSON.createArrayNode();
        for (int i = 0; i < entries; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            ObjectNode entry = body.addObject();
            entry.put("id", id.toString());
            entry.put("service", "fault-test");
            entry.put("level", "info");
            entry.put("message", messageOf(id));
        }
        HttpRequest request = HttpRequest.newBuilder(ingest)
                .header("Authorization", "Bearer " + key.secret())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        long sentAt = System.nanoTime();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = NO_ANSWER;
        }
        Answer answer = new Answer(sentAt, System.nanoTime(), status, List.copyOf(ids));
        answers.add(answer);
        return answer;
    }

    /** Ids of every entry answered with 202. */
    Set<UUID> accepted() {
        return idsWhere(answer -> answer.status() == 202);
    }

    /** Ids of every entry whose request got no answer. */
    Set<UUID> inDoubt() {
        return idsWhere(answer -> answer.status() == NO_ANSWER);
    }

    /**
     * Ids of every entry whose request was in flight at some moment between {@code from} and {@code to} (both
     * {@link System#nanoTime}): sent by {@code to}, answered at or after {@code from}, whatever the answer.
     */
    Set<UUID> inFlightDuring(long from, long to) {
        return idsWhere(answer -> answer.sentAt() <= to && answer.answeredAt() >= from);
    }

    /** Answers to requests sent at or after {@code from} and answered by {@code to} (both {@link System#nanoTime}). */
    List<Answer> answersWithin(long from, long to) {
        return answers.stream().filter(answer -> answer.sentAt() >= from && answer.answeredAt() <= to).toList();
    }

    /** How many entries were answered 202 so far. */
    long acceptedEntries() {
        return acceptedSince(Long.MIN_VALUE);
    }

    /** How many entries of requests sent at or after {@code from} ({@link System#nanoTime}) were answered 202. */
    long acceptedSince(long from) {
        return answers.stream().filter(answer -> answer.status() == 202 && answer.sentAt() >= from)
                .mapToLong(answer -> answer.ids().size()).sum();
    }

    /** How many requests got each status, for messages. */
    String summary() {
        StringBuilder summary = new StringBuilder();
        answers.stream().map(Answer::status).distinct().sorted().forEach(status -> summary
                .append(summary.length() == 0 ? "" : ", ")
                .append(status == NO_ANSWER ? "no answer" : status).append(": ")
                .append(answers.stream().filter(answer -> answer.status() == status).count()).append(" request(s)"));
        return summary.length() == 0 ? "no requests" : summary.toString();
    }

    private Set<UUID> idsWhere(Predicate<Answer> condition) {
        Set<UUID> ids = new HashSet<>();
        answers.stream().filter(condition).forEach(answer -> ids.addAll(answer.ids()));
        return ids;
    }

    /** Paces the client; false when interrupted. */
    private boolean pauseBetweenRequests() {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One request and what became of it.
     *
     * @param sentAt when it was sent, by {@link System#nanoTime}
     * @param answeredAt when its answer came, or the request failed
     * @param status the HTTP status, or {@link #NO_ANSWER}
     * @param ids the ids of its entries
     */
    record Answer(long sentAt, long answeredAt, int status, List<UUID> ids) {
    }
}
