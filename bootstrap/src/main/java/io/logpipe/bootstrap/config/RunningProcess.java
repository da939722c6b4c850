package io.logpipe.bootstrap.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds an embedded server left running by another logpipe process (a server that is up while {@code keys create}
 * runs, or an orphan of a server killed with -9) from the pid file the server writes, so logpipe can attach to it
 * instead of failing to start a second server on the same data.
 */
public final class RunningProcess {

    private RunningProcess() {
    }

    /**
     * The live process named by the first line of a pid file, with the lines of the file.
     *
     * @return empty when there is no pid file, it is unreadable, or its process is gone
     */
    public static Optional<List<String>> liveFromPidFile(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(lines) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
