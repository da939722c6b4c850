package io.logpipe.bootstrap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.logpipe.bootstrap.database.CommandDatabase;
import io.logpipe.bootstrap.database.DatabaseFactory;
import io.logpipe.bootstrap.faults.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS settings in the database URL reach the driver through logpipe's external database factory: with
 * {@code sslmode=verify-full} and {@code sslrootcert} the connection is encrypted, as PostgreSQL's own
 * {@code pg_stat_ssl} reports, and a server the root certificate does not vouch for, or whose certificate does not
 * name the URL's host, is refused. PostgreSQL and the certificates come from the installed binaries and
 * {@code openssl}; where either is missing, the test is skipped.
 */
class PostgresTlsIT {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    private static Path directory;
    private static PostgresServer postgres;
    private static TestCertificates issued;
    private static TestCertificates unrelated;

    @BeforeAll
    static void startAPostgresWithSslOn() throws Exception {
        Optional<Path> openssl = Tools.find("openssl");
        assumeTrue(openssl.isPresent(), "PostgresTlsIT skipped: it makes its certificates with openssl, which is not "
                + "on the PATH (e.g. 'apt-get install openssl')");
        assumeTrue(PostgresServer.isInstalled(), "PostgresTlsIT skipped: it runs PostgreSQL's server binaries "
                + "(initdb, pg_ctl), found neither under /usr/lib/postgresql/*/bin nor on the PATH (e.g. 'apt-get "
                + "install postgresql')");
        directory = TestFiles.directoryUnderTarget("PostgresTlsIT");
        // Only the name: a URL naming 127.0.0.1 must find the certificate does not name its host.
        issued = TestCertificates.issue(openssl.get(), Files.createDirectories(directory.resolve("certificates")),
                "DNS:localhost");
        unrelated = TestCertificates.issue(openssl.get(), Files.createDirectories(directory.resolve("unrelated")),
                "DNS:localhost");
        postgres = PostgresServer.startWithSsl(directory.resolve("postgres"), issued.certificate(), issued.key());
    }

    @AfterAll
    static void stopPostgres() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            TestFiles.delete(directory);
        }
    }

    @Test
    void connectsEncryptedWithVerifyFullAndTheServersRootCertificate() throws Exception {
        String sslVersion = sslVersionOfTheConnection(
                "localhost", "?sslmode=verify-full&sslrootcert=" + issued.authority());

        assertThat(sslVersion).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void connectsInPlainTextWhenTheUrlSaysSslmodeDisable() throws Exception {
        // The driver's own default (prefer) would encrypt: only a setting that reached it can switch TLS off.
        assertThat(sslVersionOfTheConnection("localhost", "?sslmode=disable")).isEqualTo("none");
    }

    @Test
    void refusesAServerTheRootCertificateDoesNotVouchFor() {
        assertThatThrownBy(() -> sslVersionOfTheConnection(
                "localhost", "?sslmode=verify-full&sslrootcert=" + unrelated.authority()))
                .satisfies(failure -> assertThat(causes(failure)).anyMatch(SSLException.class::isInstance));
    }

    @Test
    void refusesACertificateThatDoesNotNameTheUrlsHost() {
        assertThatThrownBy(() -> sslVersionOfTheConnection(
                "127.0.0.1", "?sslmode=verify-full&sslrootcert=" + issued.authority()))
                .hasStackTraceContaining("The hostname 127.0.0.1 could not be verified");
    }

    /**
     * Connects as logpipe's external database factory does, to {@code host} with {@code parameters} on the URL, and
     * returns the TLS version PostgreSQL reports for that very connection, or {@code none} for plain text.
     */
    private static String sslVersionOfTheConnection(String host, String parameters) throws Exception {
        DatabaseFactory database = JSON.convertValue(Map.of(
                "type", "external",
                "url", "jdbc:postgresql://" + host + ":" + postgres.port() + "/postgres" + parameters,
                "user", postgres.user(),
                "migrateOnStart", false), DatabaseFactory.class);
        try (CommandDatabase opened = database.openForCommand()) {
            return opened.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT CASE WHEN ssl THEN version ELSE 'none' END
                    FROM pg_stat_ssl WHERE pid = pg_backend_pid()""").mapTo(String.class).one());
        }
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
