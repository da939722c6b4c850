package io.logpipe.bootstrap.database;

import io.logpipe.bootstrap.config.RunningProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the embedded PostgreSQL, or attaches to the one already running on the same data directory. */
final class EmbeddedPostgresServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";
    /** Line 4 of postmaster.pid holds the port (PostgreSQL's documented pid file layout). */
    private static final int PID_FILE_PORT_LINE = 3;

    private EmbeddedPostgresServer() {
    }

    static Database startOrAttach(Path dataDirectory, int port, PoolFactory pool) throws Exception {
        Optional<Integer> runningPort = RunningProcess.liveFromPidFile(dataDirectory.resolve("postmaster.pid"))
                .filter(lines -> lines.size() > PID_FILE_PORT_LINE)
                .map(lines -> Integer.parseInt(lines.get(PID_FILE_PORT_LINE).trim()));
        if (runningPort.isPresent()) {
            LOG.info("Attaching to the embedded PostgreSQL already running on port {} for {}; it is left running",
                    runningPort.get(), dataDirectory);
            return new Database(pool.dataSource(url(runningPort.get()), USER, ""), () -> { });
        }
        Files.createDirectories(dataDirectory.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // logpipe stops it after the worker and the pool, not in a JVM hook racing them.
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofMinutes(1))
                // The embedded defaults favour test speed; a log store must survive a crash, so turn durability on.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("timezone", "UTC")
                .start();
        LOG.info("Started embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
        return new Database(pool.dataSource(url(postgres.getPort()), USER, ""), postgres);
    }

    private static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }
}
