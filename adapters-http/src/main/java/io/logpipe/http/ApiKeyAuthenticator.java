package io.logpipe.http;

import io.logpipe.application.AuditDenials;
import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import java.util.Optional;

/**
 * Asks the {@link KeyVerifier} who a presented key stands for, within the address's allowance of refused keys, and has
 * refusals audited. A {@link io.logpipe.domain.StoreUnavailableException} passes through on purpose: "cannot tell"
 * must become a 503, not a 401 that tells a client its key is bad.
 */
final class ApiKeyAuthenticator {
    private final KeyVerifier verifier;
    private final AuditDenials denials;
    private final FailedAuthentications failures;

    ApiKeyAuthenticator(KeyVerifier verifier, AuditDenials denials, FailedAuthentications failures) {
        this.verifier = verifier;
        this.denials = denials;
        this.failures = failures;
    }

    /**
     * @param presentedKey the key as sent; null when none was, which is refused without anything being looked up
     * @return the caller, or empty if the key was refused
     * @throws io.logpipe.domain.RateLimitedException if the address has presented its allowance of refused keys; the
     *     key was not looked up
     */
    Optional<Principal> authenticate(String presentedKey, String remoteAddress) {
        if (presentedKey == null) {
            return Optional.empty();
        }
        failures.take(remoteAddress);
        KeyVerdict verdict;
        try {
            verdict = verifier.verify(presentedKey);
        } catch (RuntimeException e) {
            failures.giveBack(remoteAddress);
            throw e;
        }
        if (verdict instanceof KeyVerdict.Accepted accepted) {
            failures.giveBack(remoteAddress);
            return Optional.of(accepted.principal());
        }
        denials.refused((KeyVerdict.Refused) verdict, remoteAddress);
        return Optional.empty();
    }
}
