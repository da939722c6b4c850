package io.logpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs the {@code wrk} load generator with the harness's Lua script and reads back what it measured. */
final class Wrk {
    private static final String RESULT_MARK = "WRK_RESULT ";
    private static final String THREAD_READY = "WRK_THREAD_READY";
    private static final String THREAD_DONE = "WRK_THREAD_DONE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;
    private final int threads;
    private final int connections;

    /**
     * @param workDirectory where the Lua script is written
     * @param threads wrk threads; each reads one body file
     * @param connections keep-alive connections over all threads
     */
    Wrk(Path workDirectory, int threads, int connections) {
        this.threads = threads;
        this.connections = connections;
        this.script = workDirectory.resolve("ingest.lua");
        try (InputStream lua = Wrk.class.getResourceAsStream("ingest.lua")) {
            Files.write(script, lua.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Posts the bodies under {@code bodyPrefix} ({@code <prefix>-<thread>.txt}) to {@code baseUrl}.
     *
     * @param once send each body once (a fixed amount of entries) instead of cycling until {@code duration} ends;
     *     {@code duration} is then only an upper bound
     * @param keys the API key of each tenant, by tenant index
     */
    Result run(String baseUrl, Path bodyPrefix, boolean once, Duration duration, List<String> keys)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk",
                "--threads", String.valueOf(threads), "--connections", String.valueOf(connections),
                "--duration", duration.toSeconds() + "s", "--timeout", "30s", "--latency",
                "--script", script.toString(), baseUrl, "--", bodyPrefix.toString(), once ? "once" : "cycle"));
        command.addAll(keys);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        int threadsReady = 0;
        int threadsDone = 0;
        long startNanos = System.nanoTime();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(wrk.getInputStream()))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.equals(THREAD_READY) && ++threadsReady == threads) {
                    startNanos = System.nanoTime();
                }
                if (line.equals(THREAD_DONE) && ++threadsDone == threads) {
                    interrupt(wrk);
                }
            }
        }
        return parse(output.toString(), wrk.waitFor(), startNanos);
    }

    /** SIGINT makes wrk stop sleeping out its duration and report at once. */
    private static void interrupt(Process wrk) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(wrk.pid())).inheritIO().start().waitFor();
    }

    static Result parse(String output, int exit, long startNanos) throws IOException {
        int mark = output.lastIndexOf(RESULT_MARK);
        if (exit != 0 || mark < 0) {
            throw new IOException("wrk failed (exit " + exit + "):\n" + output);
        }
        String line = output.substring(mark + RESULT_MARK.length()).lines().findFirst().orElseThrow();
        JsonNode result = JSON.readTree(line);
        Map<Integer, Long> statuses = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.get("statuses").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> status = it.next();
            statuses.put(Integer.parseInt(status.getKey()), status.getValue().asLong());
        }
        JsonNode latency = result.get("latency_us");
        return new Result(
                startNanos,
                Duration.ofNanos(result.get("duration_us").asLong() * 1000),
                result.get("requests").asLong(),
                result.get("socket_errors").asLong(),
                statuses,
                new Latency(latency.get("p50").asLong(), latency.get("p99").asLong(), latency.get("p999").asLong(),
                        latency.get("max").asLong()));
    }

    /** Request latency in microseconds, as wrk measures it: from sending a request to reading its response. */
    record Latency(long p50, long p99, long p999, long max) {
    }

    /**
     * @param startNanos {@link System#nanoTime()} when wrk had read its bodies and began sending
     * @param statuses how many responses had each HTTP status
     * @param socketErrors connect, read, write and timeout errors: requests that got no response at all
     */
    record Result(long startNanos, Duration duration, long requests, long socketErrors, Map<Integer, Long> statuses,
                  Latency latency) {

        long answeredWith(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        /** Responses other than 202 plus requests that got none: anything here means logpipe refused work. */
        long failures() {
            return requests - answeredWith(202) + socketErrors;
        }
    }
}
