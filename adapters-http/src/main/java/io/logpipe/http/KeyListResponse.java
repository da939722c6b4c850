package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /admin/keys}: the tenant's keys, revoked and expired ones included, newest first. */
record KeyListResponse(@JsonProperty("keys") List<KeyResponse> keys) {
}
