package io.logpipe.bootstrap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.logpipe.bootstrap.LogpipeConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * logpipe started with the repository's config-tls.yml serves ingest over HTTPS only: a client that trusts nothing but
 * the server's own certificate gets 202, and a plain-HTTP request to the same port gets no answer. The certificate is
 * made with {@code keytool}; where it is missing, the test is skipped.
 */
class HttpsIT {
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final String ENTRY = "{\"service\":\"https-it\",\"message\":\"sent over TLS\"}";

    private static Path directory;
    private static DropwizardAppExtension<LogpipeConfiguration> app;
    private static HttpClient trustingOnlyTheServer;
    private static String key;

    @BeforeAll
    static void startLogpipeWithACertificateMadeByKeytool() throws Exception {
        Optional<Path> keytool = Tools.find("keytool");
        assumeTrue(keytool.isPresent(), "HttpsIT skipped: it makes the server's certificate with keytool, which is "
                + "neither in " + Path.of(System.getProperty("java.home"), "bin") + " nor on the PATH");
        directory = Files.createTempDirectory("logpipe-https-it-");
        Path keyStore = directory.resolve("server.p12");
        Tools.run(directory, List.of(keytool.get().toString(), "-genkeypair", "-alias", "logpipe",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        trustingOnlyTheServer = HttpClient.newBuilder().sslContext(trusting(certificateIn(keyStore)))
                .connectTimeout(Duration.ofSeconds(10)).build();

        Map<String, String> environment = new HashMap<>(RepositoryConfig.testEnvironment(directory));
        environment.put("LOGPIPE_TLS_KEYSTORE", keyStore.toString());
        environment.put("LOGPIPE_TLS_KEYSTORE_PASSWORD", PASSWORD);
        app = RepositoryConfig.app("config-tls.yml", environment);
        app.before();
        key = RepositoryConfig.createIngestKey(app.getConfiguration(), "https-tenant");
    }

    @AfterAll
    static void stopLogpipe() {
        try {
            if (app != null) {
                app.after();
            }
        } finally {
            TestFiles.delete(directory);
        }
    }

    @Test
    void acceptsEntriesOverHttpsFromAClientThatTrustsOnlyTheServersCertificate() throws Exception {
        HttpResponse<String> response = trustingOnlyTheServer.send(ingest("https"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"accepted\":1");
        assertThat(response.sslSession()).get().extracting(SSLSession::getProtocol).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> plain.send(ingest("http"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static HttpRequest ingest(String scheme) {
        return HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + app.getLocalPort() + "/ingest"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ENTRY))
                .build();
    }

    private static Certificate certificateIn(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store.getCertificate("logpipe");
    }

    /** TLS that trusts {@code certificate} and nothing else, not even the JVM's default authorities. */
    private static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
