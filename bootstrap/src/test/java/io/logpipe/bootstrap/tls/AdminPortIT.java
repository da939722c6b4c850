package io.logpipe.bootstrap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.logpipe.bootstrap.LogpipeConfiguration;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Started with the repository's config.yml, logpipe answers health checks and metrics on 127.0.0.1 only: connecting
 * to the admin port through another address of this machine is refused, while the application port, which listens on
 * every interface, accepts there. Skipped on a machine with no IPv4 address besides loopback.
 */
class AdminPortIT {
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(5);

    private static Path directory;
    private static InetAddress otherAddress;
    private static DropwizardAppExtension<LogpipeConfiguration> app;

    @BeforeAll
    static void startLogpipeWithTheRepositorysConfig() throws Exception {
        Optional<InetAddress> found = nonLoopbackIpv4Address();
        assumeTrue(found.isPresent(), "AdminPortIT skipped: this machine has no IPv4 address besides loopback, so "
                + "there is no other address to try the admin port on");
        otherAddress = found.get();
        directory = TestFiles.directoryUnderTarget("AdminPortIT");
        app = RepositoryConfig.app("config.yml", RepositoryConfig.testEnvironment(directory));
        app.before();
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
    void answersOnTheLoopbackAddress() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.getAdminPort() + "/ping")).timeout(CONNECT_LIMIT).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualToIgnoringWhitespace("pong");
    }

    @Test
    void refusesConnectionsThroughAnyOtherAddressOfTheMachine() {
        // The address is reachable from here: the application port accepts on it.
        assertThatCode(() -> connect(otherAddress, app.getLocalPort())).doesNotThrowAnyException();

        assertThatThrownBy(() -> connect(otherAddress, app.getAdminPort()))
                .as("connecting to the admin port on %s", otherAddress.getHostAddress())
                .isInstanceOf(ConnectException.class);
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) CONNECT_LIMIT.toMillis());
        }
    }

    private static Optional<InetAddress> nonLoopbackIpv4Address() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(AdminPortIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
