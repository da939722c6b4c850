package io.logpipe.bootstrap;

import io.dropwizard.lifecycle.PortDescriptor;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import io.logpipe.bootstrap.config.ProcessRole;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line, once the server listens, that tells an operator what this process is: version, roles, ports, where its
 * PostgreSQL and Redis are (embedded or external), the queue's partitions and the worker's threads.
 */
final class StartupSummary implements ServerLifecycleListener {
    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    private final LogpipeConfiguration configuration;
    private final BuildInfo build;

    StartupSummary(LogpipeConfiguration configuration, BuildInfo build) {
        this.configuration = configuration;
        this.build = build;
    }

    @Override
    public void serverStarted(Server server) {
        LOG.info("logpipe {} started: roles {}; listening on {}; database: {}; queue: {}, {} partition(s); {}",
                build, ProcessRole.describe(configuration.roles()), ports(server),
                configuration.getDatabase().describe(), configuration.getRedis().describe(),
                configuration.getRedis().getPartitions(), worker());
    }

    private String ports(Server server) {
        return getPortDescriptorList(server).stream()
                .map(StartupSummary::describe)
                .collect(Collectors.joining(", "));
    }

    private static String describe(PortDescriptor port) {
        String host = port.getHost() == null || port.getHost().isEmpty() ? "0.0.0.0" : port.getHost();
        return port.getConnectorType() + " " + host + ":" + port.getPort() + " (" + port.getProtocol() + ")";
    }

    private String worker() {
        return configuration.roles().contains(ProcessRole.WORKER)
                ? "worker: " + configuration.getWorker().getThreads() + " drain thread(s)"
                : "worker: not in this process";
    }
}
