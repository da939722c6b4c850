package io.logpipe.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis of the test's own, the installed {@code redis-server} as a child process: a free port on 127.0.0.1 and its
 * own directory, with the append-only file fsynced on every write ({@code appendfsync always}), so whatever it
 * answered survives {@link #kill()}. It starts again on the same port and directory, reading that file back.
 * {@link #startTlsOnly} starts one that speaks only TLS on its port and requires a password.
 */
public final class RedisServer implements AutoCloseable {
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/redis-server");

    private final Path directory;
    private final Path log;
    private final int port;
    private final TlsListener tls;
    private Process process;

    /**
     * What a Redis that speaks only TLS needs: its certificate and private key, the authority that signed the
     * certificate (PEM files), and the password it requires of every client.
     */
    public record TlsListener(Path certificate, Path key, Path authority, String password) {
    }

    private RedisServer(Path directory, int port, TlsListener tls) {
        this.directory = directory;
        this.log = directory.resolve("redis.log");
        this.port = port;
        this.tls = tls;
    }

    /** Starts a Redis with an empty directory {@code directory} on a free port. */
    static RedisServer start(Path directory) {
        RedisServer server = new RedisServer(directory, FreePorts.take(), null);
        server.start();
        return server;
    }

    /**
     * Starts a Redis with an empty directory {@code directory} that listens on a free port for TLS connections only
     * (no plain-TCP port) and does not ask clients for certificates.
     */
    public static RedisServer startTlsOnly(Path directory, TlsListener tls) {
        RedisServer server = new RedisServer(directory, FreePorts.take(), tls);
        server.start();
        return server;
    }

    /** Whether a {@code redis-server} binary is installed where {@link #start} looks for one. */
    public static boolean isInstalled() {
        return installedBinary().isPresent();
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** The port it listens on: for plain TCP, or for TLS after {@link #startTlsOnly}. */
    public int port() {
        return port;
    }

    /**
     * A new connection; close it. To a TLS-only server it speaks TLS, trusting the server's authority, without
     * checking the host name (the certificate need not name 127.0.0.1), and authenticates.
     */
    Jedis connect() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .timeoutMillis(5_000).serverDefaultProtocol();
        if (tls != null) {
            config.ssl(true).sslSocketFactory(trusting(tls.authority())).sslParameters(new SSLParameters())
                    .password(tls.password());
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), config.build());
    }

    /** Starts the server on its port and directory, and returns once it answers PING. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Redis already runs on port " + port);
        }
        try {
            Files.createDirectories(directory);
            List<String> command = new ArrayList<>(List.of(binary().toString(),
                    "--bind", "127.0.0.1", "--dir", directory.toString(),
                    "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no"));
            command.addAll(listenArguments());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        await("Redis on port " + port + " to answer PING (log: " + log + ")")
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(this::answersPing);
    }

    /** Kills the server with SIGKILL and returns once it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Redis did not die of SIGKILL within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGSTOP: the server stops answering, holding its connections open, until {@link #resume()}. */
    void pause() {
        Command.signal(directory.resolve("signals.log"), "STOP", process.pid());
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        Command.signal(directory.resolve("signals.log"), "CONT", process.pid());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private boolean answersPing() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited with code " + process.exitValue() + "; see " + log);
        }
        try (Jedis jedis = connect()) {
            return "PONG".equals(jedis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    private List<String> listenArguments() {
        if (tls == null) {
            return List.of("--port", Integer.toString(port));
        }
        return List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", tls.certificate().toString(), "--tls-key-file", tls.key().toString(),
                "--tls-ca-cert-file", tls.authority().toString(), "--tls-auth-clients", "no",
                "--requirepass", tls.password());
    }

    private static SSLSocketFactory trusting(Path authority) {
        try (InputStream pem = Files.newInputStream(authority)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("authority", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + authority, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + authority, e);
        }
    }

    private static Path binary() {
        return installedBinary().orElseThrow(() -> new IllegalStateException("The fault tests need redis-server: "
                + "not at " + DEBIAN_BINARY + " nor on the PATH. Install it, e.g. 'apt-get install redis-server' (as "
                + ".ci/run does)."));
    }

    private static Optional<Path> installedBinary() {
        if (Files.isExecutable(DEBIAN_BINARY)) {
            return Optional.of(DEBIAN_BINARY);
        }
        return Stream.of(System.getenv("PATH").split(":"))
                .map(directory -> Path.of(directory, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
