package io.logpipe.http;

import io.logpipe.domain.KeyVerifier;
import io.logpipe.domain.Principal;
import io.logpipe.domain.StoreUnavailableException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Knows a fixed set of keys; can be told that the key store is down. */
final class FakeKeyVerifier implements KeyVerifier {
    private final Map<String, Principal> principals = new HashMap<>();
    private boolean storeDown;

    FakeKeyVerifier with(String key, Principal principal) {
        principals.put(key, principal);
        return this;
    }

    void storeGoesDown() {
        storeDown = true;
    }

    @Override
    public Optional<Principal> verify(String presentedKey) {
        if (storeDown) {
            throw new StoreUnavailableException("key store unreachable", null);
        }
        return Optional.ofNullable(principals.get(presentedKey));
    }
}
