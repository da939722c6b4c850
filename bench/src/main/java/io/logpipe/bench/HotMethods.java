package io.logpipe.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording's execution samples ({@code jdk.ExecutionSample}, taken while a thread runs Java code) and
 * says where the CPU went: the methods on top of the stack (self time), the logpipe code each was reached from, and
 * the share of each thread pool. Samples of the admin port's threads are left out: they answer the harness's own
 * scrapes of {@code /metrics}.
 */
final class HotMethods {
    private static final String OWN_CODE = "io.logpipe.";
    /** The admin port's threads serve the harness's own metric scrapes, not the workload: left out. */
    private static final String HARNESS_POOL = "dw-admin";

    private HotMethods() {
    }

    /**
     * @param method the method on top of the stack
     * @param share its part of all samples
     * @param reachedFrom the innermost logpipe method on the stacks of its samples, the most common one
     */
    record Method(String method, long samples, double share, String reachedFrom) {
    }

    record Profile(long samples, List<Method> methods, Map<String, Double> threadShares,
                   Map<String, Double> ownCodeShares) {
    }

    static Profile read(Path recording, int top) throws IOException {
        Map<String, Long> selfSamples = new HashMap<>();
        Map<String, Map<String, Long>> callers = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> ownCode = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            RecordedThread thread = event.getThread("sampledThread");
            String pool = pool(thread == null ? null : thread.getJavaName());
            if (stack.getFrames().isEmpty() || pool.startsWith(HARNESS_POOL)) {
                continue;
            }
            total++;
            String method = name(stack.getFrames().get(0));
            selfSamples.merge(method, 1L, Long::sum);
            String caller = innermostOwnFrame(stack);
            callers.computeIfAbsent(method, m -> new HashMap<>()).merge(caller, 1L, Long::sum);
            ownCode.merge(caller, 1L, Long::sum);
            threads.merge(pool, 1L, Long::sum);
        }
        long samples = total;
        List<Method> methods = selfSamples.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(entry -> new Method(entry.getKey(), entry.getValue(), share(entry.getValue(), samples),
                        callers.get(entry.getKey()).entrySet().stream().max(Map.Entry.comparingByValue())
                                .map(Map.Entry::getKey).orElse("")))
                .toList();
        return new Profile(samples, methods, shares(threads, samples, top), shares(ownCode, samples, top));
    }

    private static String innermostOwnFrame(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod().getType().getName().startsWith(OWN_CODE)) {
                return name(frame);
            }
        }
        return "(no logpipe frame)";
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    /** A thread's pool: its name without the trailing number, such as {@code dw-} for Jetty's request threads. */
    static String pool(String threadName) {
        if (threadName == null) {
            return "(unnamed)";
        }
        return threadName.replaceAll("[-#]?\\d+", "-N").replaceAll("( - .*)$", "");
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total, int top) {
        Map<String, Double> shares = new java.util.LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(entry -> shares.put(entry.getKey(), share(entry.getValue(), total)));
        return shares;
    }

    private static double share(long count, long total) {
        return total == 0 ? 0 : (double) count / total;
    }
}
