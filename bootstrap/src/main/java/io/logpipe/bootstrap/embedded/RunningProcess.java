package io.logpipe.bootstrap.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells apart the two reasons an embedded server may already run on a data directory. While the logpipe process that
 * started it lives, it holds an owner lock file there: then another logpipe process (say {@code keys create} while the
 * server is up) attaches to the server and leaves it alone. When nobody holds the lock, the server is an orphan of a
 * logpipe killed with -9: it is stopped, so the new logpipe starts and owns a fresh one.
 */
public final class RunningProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);
    private static final Duration ORPHAN_STOP_GRACE = Duration.ofSeconds(30);

    private RunningProcess() {
    }

    /**
     * The lines of a pid file whose first line names a live process.
     *
     * @return empty when there is no pid file, it is unreadable, or its process is gone
     */
    public static Optional<List<String>> liveFromPidFile(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || !ProcessHandle.of(pid(lines)).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
            return Optional.of(lines);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The pid on the first line of a pid file's lines. */
    public static long pid(List<String> pidFileLines) {
        return Long.parseLong(pidFileLines.get(0).trim());
    }

    /** True while some process, this one included, holds the lock on {@code lockFile}. */
    public static boolean isOwned(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /**
     * Takes the owner lock on {@code lockFile} for as long as this process runs the server; close it on stop. A new lock
     * file is open to its owner only, like the server's other files.
     *
     * @throws IOException if another process holds it
     */
    public static AutoCloseable takeOwnership(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IOException(lockFile + " is held by another process");
        }
        return channel::close;
    }

    /**
     * Stops an orphaned server with SIGTERM, which both PostgreSQL and Redis treat as a clean shutdown, and kills it
     * if it has not exited after a grace period.
     */
    public static void stopOrphan(long pid, String what) throws IOException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return;
        }
        LOG.warn("Found the embedded {} (pid {}) left running by a logpipe process that is gone; stopping it to start "
                + "afresh", what, pid);
        process.get().destroy();
        try {
            process.get().onExit().get(ORPHAN_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("The orphaned {} did not stop within {}; killing it", what, ORPHAN_STOP_GRACE);
            process.get().destroyForcibly();
        } catch (ExecutionException e) {
            throw new IOException("could not stop the orphaned " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned " + what, e);
        }
    }
}
