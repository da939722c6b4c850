package io.logpipe.http;

import io.dropwizard.auth.Authenticator;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import java.util.Optional;

/**
 * Asks the {@link KeyVerifier} who a presented key stands for. A {@link io.logpipe.domain.StoreUnavailableException}
 * passes through on purpose: "cannot tell" must become a 503, not a 401 that tells a client its key is bad.
 */
final class ApiKeyAuthenticator implements Authenticator<String, Principal> {
    private final KeyVerifier verifier;

    ApiKeyAuthenticator(KeyVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<Principal> authenticate(String presentedKey) {
        return verifier.verify(presentedKey);
    }
}
