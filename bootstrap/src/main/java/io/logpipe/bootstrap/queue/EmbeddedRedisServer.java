package io.logpipe.bootstrap.queue;

import io.logpipe.bootstrap.config.RunningProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Starts the embedded Redis, or attaches to the one already running on the same data directory. The port of a
 * running server is kept in a file beside its pid file, since Redis records only its pid.
 */
final class EmbeddedRedisServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);
    private static final String PID_FILE = "redis.pid";
    private static final String PORT_FILE = "redis.port";

    private EmbeddedRedisServer() {
    }

    static RedisServerAddress startOrAttach(Path dataDirectory, int configuredPort) throws IOException {
        Path portFile = dataDirectory.resolve(PORT_FILE);
        Optional<Integer> runningPort = RunningProcess.liveFromPidFile(dataDirectory.resolve(PID_FILE))
                .flatMap(lines -> readPort(portFile));
        if (runningPort.isPresent()) {
            LOG.info("Attaching to the embedded Redis already running on port {} for {}; it is left running",
                    runningPort.get(), dataDirectory);
            return new RedisServerAddress(uri(runningPort.get()), () -> { });
        }
        Files.createDirectories(dataDirectory);
        int port = configuredPort == 0 ? freePort() : configuredPort;
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dataDirectory)
                .setting("pidfile " + dataDirectory.resolve(PID_FILE))
                .setting("appendonly yes")
                // fsync before each reply: a 202 means the entry is on disk, not only in memory.
                .setting("appendfsync always")
                .setting("save \"\"")
                .build();
        server.start();
        Files.writeString(portFile, Integer.toString(port));
        LOG.info("Started embedded Redis on port {} with its append-only file in {}", port, dataDirectory);
        return new RedisServerAddress(uri(port), () -> {
            server.stop();
            Files.deleteIfExists(portFile);
        });
    }

    private static Optional<Integer> readPort(Path portFile) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(portFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static URI uri(int port) {
        return URI.create("redis://127.0.0.1:" + port + "/0");
    }
}
