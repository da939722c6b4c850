package io.logpipe.http;

import io.logpipe.domain.KeyVerdict;
import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import io.logpipe.domain.StoreUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Knows a fixed set of keys and asks another verifier about the rest; counts how often it was asked; can be told that
 * the key store is down.
 */
final class FakeKeyVerifier implements KeyVerifier {
    private final Map<String, Principal> principals = new ConcurrentHashMap<>();
    private final KeyVerifier others;
    private final AtomicInteger verifications = new AtomicInteger();
    private volatile boolean storeDown;

    /** @param others what decides about keys this one does not know */
    FakeKeyVerifier(KeyVerifier others) {
        this.others = others;
    }

    FakeKeyVerifier with(String key, Principal principal) {
        principals.put(key, principal);
        return this;
    }

    void storeGoesDown() {
        storeDown = true;
    }

    /** How many keys were presented to this verifier. */
    int verifications() {
        return verifications.get();
    }

    @Override
    public KeyVerdict verify(String presentedKey) {
        verifications.incrementAndGet();
        if (storeDown) {
            throw new StoreUnavailableException("key store unreachable", null);
        }
        Principal known = principals.get(presentedKey);
        return known != null ? new KeyVerdict.Accepted(known) : others.verify(presentedKey);
    }
}
