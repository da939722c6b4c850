package io.logpipe.bootstrap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import io.logpipe.bootstrap.LogpipeConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport settings of the shipped config.yml and config-tls.yml, read from the environment as documented. */
class TlsConfigFileTest {
    private static final Map<String, String> KEY_STORE = Map.of(
            "LOGPIPE_TLS_KEYSTORE", "/etc/logpipe/server.p12",
            "LOGPIPE_TLS_KEYSTORE_PASSWORD", "secret");

    @Test
    void configTlsYmlIsConfigYmlWithAnotherServerSection() throws Exception {
        assertThat(withoutHeaderAndServerSection(RepositoryConfig.file("config-tls.yml")))
                .isEqualTo(withoutHeaderAndServerSection(RepositoryConfig.file("config.yml")));
    }

    @Test
    void configTlsYmlServesTheApplicationOverTls13And12Only() throws Exception {
        DefaultServerFactory server = server(RepositoryConfig.load("config-tls.yml", KEY_STORE));

        assertThat(server.getApplicationConnectors()).singleElement()
                .isInstanceOfSatisfying(HttpsConnectorFactory.class, https -> {
                    assertThat(https.getPort()).isEqualTo(8443);
                    assertThat(https.getKeyStorePath()).isEqualTo("/etc/logpipe/server.p12");
                    assertThat(https.getKeyStoreType()).isEqualTo("PKCS12");
                    assertThat(https.getSupportedProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
                });
    }

    @Test
    void configTlsYmlRefusesToLoadWithoutAKeyStore() {
        assertThatThrownBy(() -> RepositoryConfig.load("config-tls.yml", Map.of()))
                .hasMessageContaining("LOGPIPE_TLS_KEYSTORE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.yml", "config-tls.yml"})
    void bindsTheAdminConnectorToLoopbackUnlessLogpipeAdminHostNamesAnotherAddress(String file) throws Exception {
        Map<String, String> everywhere = new HashMap<>(KEY_STORE);
        everywhere.put("LOGPIPE_ADMIN_HOST", "0.0.0.0");

        assertThat(adminBindHost(RepositoryConfig.load(file, KEY_STORE))).isEqualTo("127.0.0.1");
        assertThat(adminBindHost(RepositoryConfig.load(file, everywhere))).isEqualTo("0.0.0.0");
    }

    @Test
    void connectsToRedisOverTlsWhenTheUrlIsRediss() throws Exception {
        LogpipeConfiguration configuration = RepositoryConfig.load("config.yml", Map.of(
                "LOGPIPE_REDIS_URL", "rediss://:secret@queue.internal:6380/0",
                "LOGPIPE_REDIS_TRUSTSTORE", "/etc/logpipe/redis-ca.p12"));

        assertThat(configuration.getRedis().describe()).isEqualTo("external Redis at queue.internal:6380 over TLS");
    }

    @Test
    void refusesARedisTrustStoreWithAPlainRedisUrl() {
        assertThatThrownBy(() -> RepositoryConfig.load("config.yml", Map.of(
                "LOGPIPE_REDIS_URL", "redis://queue.internal:6380/0",
                "LOGPIPE_REDIS_TRUSTSTORE", "/etc/logpipe/redis-ca.p12")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("only a rediss:// url connects over TLS");
    }

    private static DefaultServerFactory server(LogpipeConfiguration configuration) {
        return (DefaultServerFactory) configuration.getServerFactory();
    }

    private static String adminBindHost(LogpipeConfiguration configuration) {
        List<ConnectorFactory> admin = server(configuration).getAdminConnectors();
        assertThat(admin).hasSize(1);
        return ((HttpConnectorFactory) admin.get(0)).getBindHost();
    }

    /**
     * The file's lines without its opening comment (up to the first empty line) and without its {@code server:}
     * section (up to the next top-level key).
     */
    private static List<String> withoutHeaderAndServerSection(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        List<String> kept = new ArrayList<>();
        boolean inHeader = true;
        boolean inServer = false;
        for (String line : lines) {
            if (inHeader) {
                inHeader = !line.isEmpty();
                continue;
            }
            if (line.equals("server:")) {
                inServer = true;
            } else if (inServer && !line.isEmpty() && Character.isLetter(line.charAt(0))) {
                inServer = false;
            }
            if (!inServer) {
                kept.add(line);
            }
        }
        return kept;
    }
}
