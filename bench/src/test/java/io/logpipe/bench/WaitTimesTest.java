package io.logpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaitTimesTest {

    @Test
    void countsBlockedSocketReadsByTheServerAtTheOtherEnd(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("waits.jfr");
        try (ServerSocket server = new ServerSocket(0); Recording recording = new Recording()) {
            recording.enable("jdk.SocketRead").withThreshold(Duration.ZERO);
            recording.start();
            Thread reader = new Thread(() -> readOneByte(server.getLocalPort()), "drain-worker-0");
            reader.start();
            try (Socket accepted = server.accept(); OutputStream out = accepted.getOutputStream()) {
                Thread.sleep(200);
                out.write(1);
                out.flush();
            }
            reader.join();
            recording.stop();
            recording.dump(file);

            Map<String, WaitTimes.Pool> pools = WaitTimes.read(file, Map.of(server.getLocalPort(), "Redis"));

            WaitTimes.Pool worker = pools.get("drain-worker-N");
            assertThat(worker.threads()).isEqualTo(1);
            assertThat(worker.counts()).containsEntry("reading from Redis", 1L);
            assertThat(worker.waits().get("reading from Redis")).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
        assertThat(Files.size(file)).isPositive();
    }

    private static void readOneByte(int port) {
        try (Socket socket = new Socket("127.0.0.1", port); InputStream in = socket.getInputStream()) {
            in.read();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
