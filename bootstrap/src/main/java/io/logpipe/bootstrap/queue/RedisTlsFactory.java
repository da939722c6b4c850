package io.logpipe.bootstrap.queue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * How logpipe checks the Redis it reaches over TLS, which a {@code rediss://} URL asks for: the server's certificate
 * must chain to a certificate authority in the trust store and name the host the URL names. A {@code redis://} URL
 * never uses these settings.
 */
public final class RedisTlsFactory {

    /** A PKCS12 or JKS file with the certificate authorities to trust; empty means the JVM's default trust store. */
    @JsonProperty
    private String trustStorePath = "";

    @JsonProperty
    private String trustStorePassword = "";

    /**
     * Whether the certificate must name the URL's host. Without the check, any server holding a certificate from a
     * trusted authority can pose as this Redis.
     */
    @JsonProperty
    private boolean verifyHostname = true;

    boolean hasTrustStore() {
        return trustStorePath != null && !trustStorePath.isBlank();
    }

    /**
     * Switches TLS on in {@code config}, checking the server as configured.
     *
     * @throws IllegalStateException if the trust store cannot be read or holds no certificate
     */
    void applyTo(DefaultJedisClientConfig.Builder config) {
        // Always set, so Jedis uses exactly these parameters rather than defaults of its own.
        SSLParameters parameters = new SSLParameters();
        if (verifyHostname) {
            // The check an HTTPS client makes: the certificate's subject alternative names must match the host.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        config.ssl(true).sslParameters(parameters);
        if (hasTrustStore()) {
            config.sslSocketFactory(socketFactoryTrustingTheStore());
        }
    }

    private SSLSocketFactory socketFactoryTrustingTheStore() {
        Path path = Path.of(trustStorePath);
        char[] password = trustStorePassword == null || trustStorePassword.isEmpty()
                ? null : trustStorePassword.toCharArray();
        try {
            KeyStore trusted = KeyStore.getInstance(path.toFile(), password);
            if (!holdsACertificate(trusted)) {
                // An empty store would only fail later, at every handshake, with a message that names no file.
                throw new IllegalStateException("redis.tls.trustStorePath " + path + " holds no trusted certificate"
                        + " (is trustStorePassword right?)");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read redis.tls.trustStorePath " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean holdsACertificate(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                return true;
            }
        }
        return false;
    }
}
