package io.logpipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** What the result header says about where and on what the run happened. */
final class Machine {

    private Machine() {
    }

    /** The short commit of the working tree, with {@code dirty} when it has uncommitted changes. */
    static String commit() {
        try {
            String hash = output("git", "rev-parse", "--short", "HEAD").strip();
            boolean dirty = !output("git", "status", "--porcelain", "--untracked-files=no").isBlank();
            return hash + (dirty ? " dirty" : "");
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** The {@code java} the harness itself runs on, used for logpipe too. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static String header(BenchOptions options, ZonedDateTime when, String commit, String postgres, String redis,
                         String java) throws IOException {
        return "# logpipe benchmark, " + when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + ", commit " + commit + "\n\n"
                + "- Command: `" + options.commandLine() + "`\n"
                + "- Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + memory() + " memory\n"
                + "- logpipe: `java -jar " + options.jar() + " server " + options.config() + "` in external mode, on "
                + "Java " + System.getProperty("java.version") + " (" + java + ")\n"
                + "- Servers: " + postgres + "; " + redis + "\n"
                + "- Load: wrk, " + options.clients() + " connections on " + options.wrkThreads() + " thread(s), "
                + "keep-alive; generator seed " + options.seed() + "\n";
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    }

    private static String memory() throws IOException {
        long kib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0L);
        return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1048576.0);
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + text);
        }
        return text;
    }
}
