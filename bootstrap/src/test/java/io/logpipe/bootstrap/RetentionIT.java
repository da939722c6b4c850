package io.logpipe.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.lifecycle.JettyManaged;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.JarLocation;
import io.logpipe.application.RetentionReport;
import io.logpipe.bootstrap.retention.RetentionJob;
import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.postgres.PostgresLogPartitions;
import io.logpipe.postgres.PostgresLogStore;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention end to end: entries written straight into PostgreSQL in the past (ingest refuses timestamps that old), a
 * tenant's retention set over the admin API, one run of the server's retention job, then the archive checked and
 * restored with the command line. Drops whole days, so the server works in a schema of its own in the database named by
 * {@code LOGPIPE_TEST_DATABASE_URL}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionIT {
    private static final String DATABASE_URL = System.getenv("LOGPIPE_TEST_DATABASE_URL");
    private static final String USER = envOr("LOGPIPE_TEST_DATABASE_USER", "postgres");
    private static final String PASSWORD = envOr("LOGPIPE_TEST_DATABASE_PASSWORD", "");
    private static final String SCHEMA = "retention_it_" + UUID.randomUUID().toString().replace("-", "");
    private static final Path DATA = TestDirectories.createDeletedOnExit("logpipe-retention-");
    private static final Path ARCHIVE = DATA.resolve("archive");
    private static final Path CONFIG = config();
    private static final DropwizardAppExtension<LogpipeConfiguration> APP =
            new DropwizardAppExtension<>(LogpipeApplication.class, CONFIG.toString());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant NOW = Instant.now();
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    /** Past every tenant's retention: archived and dropped. */
    private static final LocalDate OLD = TODAY.minusDays(60);
    /** Past the brief tenant's 7 days, within everyone else's 30: only the brief tenant's entries go. */
    private static final LocalDate MIDDLE = TODAY.minusDays(10);
    private static final String BRIEF = "brief-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ACME = "acme-" + UUID.randomUUID().toString().substring(0, 8);

    private static final List<LogEntry> OLD_ENTRIES = List.of(
            entry(BRIEF, at(OLD, 1), "{}"), entry(ACME, at(OLD, 2), "{\"order\": {\"id\": 42}, \"retry\": true}"),
            entry(ACME, at(OLD, 23).plusNanos(999_999_000), "{}"));
    private static final LogEntry BRIEF_MIDDLE = entry(BRIEF, at(MIDDLE, 12), "{}");
    private static final LogEntry ACME_MIDDLE = entry(ACME, at(MIDDLE, 12), "{}");
    private static final LogEntry BRIEF_RECENT = entry(BRIEF, NOW.minus(Duration.ofDays(1)), "{}");

    @Test
    @Order(1)
    void removesEntriesPastEachTenantsRetentionArchivingAndDroppingADayPastEveryones() throws Exception {
        assumeTrue(DATABASE_URL != null, "works in a schema of the test database: set LOGPIPE_TEST_DATABASE_URL");
        List<LogEntry> all = new ArrayList<>(OLD_ENTRIES);
        all.addAll(List.of(BRIEF_MIDDLE, ACME_MIDDLE, BRIEF_RECENT));
        new PostgresLogStore(jdbi()).write(all);
        String admin = KeysCli.createKey(CONFIG, BRIEF, "ingest,query,admin");

        Response set = APP.client().target("http://localhost:" + APP.getLocalPort() + "/admin/retention").request()
                .header("Authorization", "Bearer " + admin)
                .put(Entity.entity("{\"days\": 7}", MediaType.APPLICATION_JSON_TYPE));
        assertThat(set.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(set.readEntity(String.class)).get("source").asText()).isEqualTo("tenant");

        RetentionReport report = job().runOnce().orElseThrow();

        assertThat(report.succeeded()).isTrue();
        assertThat(ids()).containsExactlyInAnyOrder(ACME_MIDDLE.id(), BRIEF_RECENT.id());
        assertThat(partitions().days()).doesNotContain(OLD).contains(MIDDLE);
        assertThat(report.rowsDeleted()).isEqualTo(1);
        assertThat(report.filesArchived()).isEqualTo(2);
        Path day = ARCHIVE.resolve(OLD.toString());
        assertThat(day.resolve("manifest.json")).isRegularFile();
        assertThat(day.resolve(BRIEF + ".ndjson.gz")).isRegularFile();
        assertThat(day.resolve(ACME + ".ndjson.gz")).isRegularFile();
        assertThat(Metrics.value(APP, "logpipe_retention_runs_total", "outcome=\"success\"")).isEqualTo(1);
        assertThat(Metrics.value(APP, "logpipe_retention_partitions_dropped_total")).isEqualTo(1);
        assertThat(Metrics.value(APP, "logpipe_retention_rows_deleted_total")).isEqualTo(1);
        assertThat(Metrics.value(APP, "logpipe_archive_files_total")).isEqualTo(2);
        assertThat(Metrics.value(APP, "logpipe_archive_rows_total")).isEqualTo(3);
        assertThat(Metrics.value(APP, "logpipe_archive_bytes_total")).isPositive();
    }

    @Test
    @Order(2)
    void theCommandLineVerifiesTheArchiveAndRestoresEveryEntryOfTheDayExactlyOnce() {
        assumeTrue(DATABASE_URL != null, "works in a schema of the test database: set LOGPIPE_TEST_DATABASE_URL");

        assertThat(lastLine(cli("archive", "list"))).isEqualTo(OLD + "\t2\t3\t" + archivedBytes());
        assertThat(lastLine(cli("archive", "verify", "--day", OLD.toString())))
                .isEqualTo("verified " + OLD + ": 2 files, 3 entries");
        assertThat(lastLine(cli("archive", "restore", "--day", OLD.toString())))
                .isEqualTo("restored " + OLD + ": 2 files, 3 entries read, 3 newly stored");
        assertThat(lastLine(cli("archive", "restore", "--day", OLD.toString())))
                .isEqualTo("restored " + OLD + ": 2 files, 3 entries read, 0 newly stored");

        List<LogEntry> restored = new ArrayList<>();
        partitions().readEntries(OLD, ACME, restored::add);
        partitions().readEntries(OLD, BRIEF, restored::add);
        assertThat(restored).containsExactlyInAnyOrderElementsOf(OLD_ENTRIES);
    }

    @Test
    @Order(3)
    void theCommandLineShowsAndSetsAnyTenantsRetention() throws Exception {
        assumeTrue(DATABASE_URL != null, "works in a schema of the test database: set LOGPIPE_TEST_DATABASE_URL");

        assertThat(JSON.readTree(lastLine(cli("retention", "show", "--tenant", ACME))))
                .isEqualTo(JSON.readTree("{\"tenant\": \"" + ACME + "\", \"days\": 30, \"source\": \"default\"}"));
        assertThat(JSON.readTree(lastLine(cli("retention", "set", "--tenant", ACME, "--days", "90")))
                .get("days").asInt()).isEqualTo(90);
        assertThat(JSON.readTree(lastLine(cli("retention", "clear", "--tenant", ACME))).get("source").asText())
                .isEqualTo("default");
        assertThat(cli("retention", "set", "--tenant", ACME, "--days", "0")).isEmpty();
    }

    @Test
    @Order(4)
    void skipsARunWhileAnotherProcessHoldsTheRetentionLock() {
        assumeTrue(DATABASE_URL != null, "works in a schema of the test database: set LOGPIPE_TEST_DATABASE_URL");
        double skippedBefore = Metrics.value(APP, "logpipe_retention_runs_total", "outcome=\"skipped\"");
        try (Handle other = jdbi().open()) {
            other.createQuery("SELECT pg_advisory_lock(:key)").bind("key", RetentionJob.LOCK)
                    .mapTo(String.class).one();

            assertThat(job().runOnce()).isEmpty();

            other.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", RetentionJob.LOCK)
                    .mapTo(Boolean.class).one();
        }
        assertThat(Metrics.value(APP, "logpipe_retention_runs_total", "outcome=\"skipped\""))
                .isEqualTo(skippedBefore + 1);
        assertThat(partitions().days()).contains(OLD);
    }

    private static RetentionJob job() {
        return APP.getEnvironment().lifecycle().getManagedObjects().stream()
                .filter(JettyManaged.class::isInstance)
                .map(managed -> ((JettyManaged) managed).getManaged())
                .filter(RetentionJob.class::isInstance)
                .map(RetentionJob.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the server runs no retention job"));
    }

    private static List<UUID> ids() {
        return jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM log_entries").mapTo(UUID.class).list());
    }

    private static long archivedBytes() {
        try {
            return Files.size(ARCHIVE.resolve(OLD.toString()).resolve(BRIEF + ".ndjson.gz"))
                    + Files.size(ARCHIVE.resolve(OLD.toString()).resolve(ACME + ".ndjson.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PostgresLogPartitions partitions() {
        return new PostgresLogPartitions(jdbi());
    }

    private static Jdbi jdbi() {
        return Jdbi.create(schemaUrl(), USER, PASSWORD);
    }

    /** Runs a command in-process as the command line does; its output lines, or none if it failed. */
    private static List<String> cli(String... arguments) {
        LogpipeApplication application = new LogpipeApplication();
        Bootstrap<LogpipeConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        List<String> command = new ArrayList<>(List.of(arguments));
        command.add(CONFIG.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        Optional<Throwable> failure;
        synchronized (RetentionIT.class) {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            try {
                failure = new Cli(new JarLocation(LogpipeApplication.class), bootstrap, stdout, stderr)
                        .run(command.toArray(String[]::new));
            } finally {
                System.setOut(originalOut);
            }
        }
        return failure.isPresent() ? List.of()
                : stdout.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }

    private static String lastLine(List<String> lines) {
        assertThat(lines).as("the command's output").isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    /** The test config with the server in a schema of its own, archiving into {@link #ARCHIVE}. */
    private static Path config() {
        Path path = TestConfig.write(DATA);
        if (DATABASE_URL == null) {
            return path;
        }
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, USER, PASSWORD)) {
            connection.createStatement().execute("CREATE SCHEMA " + SCHEMA);
            Runtime.getRuntime().addShutdownHook(new Thread(RetentionIT::dropSchema, "drop " + SCHEMA));
            String yaml = Files.readString(path).replace("\"" + DATABASE_URL + "\"", "\"" + schemaUrl() + "\"")
                    + """
                    retention:
                      interval: 1 hour
                      archive:
                        enabled: true
                        directory: "%s"
                    """.formatted(ARCHIVE);
            Files.writeString(path, yaml);
            return path;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test's schema", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void dropSchema() {
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, USER, PASSWORD)) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop " + SCHEMA + ": " + e.getMessage());
        }
    }

    private static String schemaUrl() {
        return DATABASE_URL + (DATABASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    private static LogEntry entry(String tenant, Instant timestamp, String attributes) {
        Instant at = timestamp.truncatedTo(ChronoUnit.MICROS);
        return new LogEntry(UUID.randomUUID(), tenant, at, at.plusMillis(5), "svc-" + tenant.toLowerCase(Locale.ROOT),
                Level.WARN, "at " + at, Attributes.of(attributes), "trace", null, "host-1");
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
