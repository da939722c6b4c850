package io.logpipe.bootstrap.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;

/**
 * A certificate authority of the test's own and a server certificate it signed for {@code CN=localhost}, made by the
 * {@code openssl} binary as PEM files: what a Redis or PostgreSQL with TLS is given, and what its clients trust.
 * Elliptic-curve keys (P-256), because they are made in milliseconds and every party here speaks them.
 *
 * @param authority the authority's certificate
 * @param certificate the server's certificate
 * @param key the server's private key
 */
record TestCertificates(Path authority, Path certificate, Path key) {
    private static final List<String> NEW_P256_KEY = List.of("-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes");

    /**
     * Makes a new authority and a server certificate from it in {@code directory}, which must exist.
     *
     * @param subjectAltNames what the certificate names, such as {@code DNS:localhost} or {@code IP:127.0.0.1}
     */
    static TestCertificates issue(Path openssl, Path directory, String... subjectAltNames) {
        String tool = openssl.toString();
        Tools.run(directory, concat(List.of(tool, "req", "-x509"), NEW_P256_KEY, List.of("-keyout", "ca.key",
                "-out", "ca.crt", "-days", "2", "-subj", "/CN=logpipe test authority",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")));
        Tools.run(directory, concat(List.of(tool, "req", "-new"), NEW_P256_KEY, List.of("-keyout", "server.key",
                "-out", "server.csr", "-subj", "/CN=localhost")));
        try {
            Files.writeString(directory.resolve("server.ext"), "subjectAltName=" + String.join(",", subjectAltNames)
                    + "\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                    + "extendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tools.run(directory, List.of(tool, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt"));
        return new TestCertificates(directory.resolve("ca.crt"), directory.resolve("server.crt"),
                directory.resolve("server.key"));
    }

    /** A PKCS12 trust store, next to the authority's certificate, that holds that certificate and nothing else. */
    Path trustStore(String password) {
        Path store = authority.resolveSibling("authority.p12");
        try (InputStream pem = Files.newInputStream(authority); OutputStream out = Files.newOutputStream(store)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("authority", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            trusted.store(out, password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a trust store of " + authority, e);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
