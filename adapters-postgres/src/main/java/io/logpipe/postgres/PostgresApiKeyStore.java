package io.logpipe.postgres;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.AuditEvent;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ApiKeyStore} on PostgreSQL's {@code api_keys} table. Roles are stored as their lower-case names.
 *
 * <p>Keys are found in every state, revoked and expired ones included: whether a key still works is the verifier's
 * decision. Revoked keys still count against {@link #isEmpty()} and keep their id, so revoking every key does not
 * reopen the server to first-key bootstrap. Each change writes its audit event into {@code audit_events} in the same
 * transaction. A rotation locks the old key's row while it checks and retires it, so that a revocation or another
 * rotation of that key waits for it instead of acting on what it is about to change. Failures are translated as in
 * {@link PostgresLogStore}. Thread-safe.
 */
public final class PostgresApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = """
            key_id, tenant, roles, description, secret_hash, pepper_version, created_at, expires_at, revoked_at,
            last_used_at""";

    private static final String INSERT = """
            INSERT INTO api_keys (key_id, tenant, roles, description, secret_hash, pepper_version, created_at,
                                  expires_at)
            VALUES (:keyId, :tenant, :roles::text[], :description, :secretHash, :pepperVersion, :createdAt, :expiresAt)
            ON CONFLICT (key_id) DO NOTHING
            """;

    private static final String FIND = "SELECT " + COLUMNS + " FROM api_keys WHERE key_id = :keyId";

    private static final String FIND_FOR_UPDATE = FIND + " AND tenant = :tenant FOR UPDATE";

    // Names sort by code point (COLLATE "C"), as String.compareTo does: a database created with a natural-language
    // locale would order the '-', '.' and '_' of tenant names and key ids by rules of its own.
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM api_keys WHERE tenant = :tenant ORDER BY created_at DESC, key_id COLLATE \"C\"";

    private static final String LIST_ALL = "SELECT " + COLUMNS
            + " FROM api_keys ORDER BY tenant COLLATE \"C\", created_at DESC, key_id COLLATE \"C\"";

    private static final String REVOKE = """
            UPDATE api_keys SET revoked_at = :at WHERE key_id = :keyId AND tenant = :tenant AND revoked_at IS NULL
            """;

    private static final String RETIRE = """
            UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, :retireAt), :retireAt) WHERE key_id = :keyId
            """;

    private static final String MARK_USED = """
            UPDATE api_keys SET last_used_at = :at
            WHERE key_id = :keyId AND (last_used_at IS NULL OR last_used_at < :at)
            """;

    private static final String ANY = """
            SELECT EXISTS (SELECT 1 FROM api_keys)
            """;

    private final Jdbi jdbi;

    /**
     * @param jdbi connections to a database migrated with {@link PostgresMigrations}; this installs JDBI's
     *     PostgreSQL plugin on it if it is not there yet
     */
    public PostgresApiKeyStore(Jdbi jdbi) {
        this.jdbi = JdbiSetup.configure(Objects.requireNonNull(jdbi, "jdbi"));
    }

    @Override
    public void add(StoredApiKey key, AuditEvent event) {
        boolean inserted = StoreFailures.translate("add an API key", () -> jdbi.inTransaction(handle -> {
            if (!insert(handle, key)) {
                return false;
            }
            AuditRows.insert(handle, event);
            return true;
        }));
        if (!inserted) {
            throw new IllegalStateException("an API key with id '" + key.keyId() + "' already exists");
        }
    }

    @Override
    public Optional<StoredApiKey> find(String keyId) {
        return StoreFailures.translate("find an API key", () -> jdbi.withHandle(handle -> find(handle, keyId)));
    }

    @Override
    public List<StoredApiKey> list(String tenant) {
        return StoreFailures.translate("list API keys", () -> jdbi.withHandle(handle -> handle.createQuery(LIST)
                .bind("tenant", tenant).map((rs, ctx) -> toKey(rs)).list()));
    }

    @Override
    public List<StoredApiKey> listAll() {
        return StoreFailures.translate("list API keys", () -> jdbi.withHandle(handle -> handle.createQuery(LIST_ALL)
                .map((rs, ctx) -> toKey(rs)).list()));
    }

    @Override
    public Optional<StoredApiKey> revoke(String tenant, String keyId, Instant at, AuditEvent event) {
        return StoreFailures.translate("revoke an API key", () -> jdbi.inTransaction(handle -> {
            int revoked = handle.createUpdate(REVOKE)
                    .bind("keyId", keyId).bind("tenant", tenant).bind("at", Utc.of(at)).execute();
            if (revoked > 0) {
                AuditRows.insert(handle, event);
            }
            return find(handle, keyId).filter(key -> key.tenant().equals(tenant));
        }));
    }

    @Override
    public Optional<StoredApiKey> rotate(String tenant, String keyId, StoredApiKey replacement, Instant retireAt,
            AuditEvent event) {
        Optional<Optional<StoredApiKey>> outcome = StoreFailures.translate("rotate an API key",
                () -> jdbi.inTransaction(handle -> {
                    Optional<StoredApiKey> old = handle.createQuery(FIND_FOR_UPDATE)
                            .bind("keyId", keyId).bind("tenant", tenant).map((rs, ctx) -> toKey(rs)).findOne();
                    if (old.isEmpty() || !old.get().isActiveAt(event.at())) {
                        return Optional.of(Optional.<StoredApiKey>empty());
                    }
                    if (!insert(handle, replacement)) {
                        return Optional.<Optional<StoredApiKey>>empty();
                    }
                    if (retireAt.isAfter(event.at())) {
                        handle.createUpdate(RETIRE).bind("keyId", keyId).bind("retireAt", Utc.of(retireAt)).execute();
                    } else {
                        handle.createUpdate(REVOKE).bind("keyId", keyId).bind("tenant", tenant)
                                .bind("at", Utc.of(event.at())).execute();
                    }
                    AuditRows.insert(handle, event);
                    return Optional.of(find(handle, keyId));
                }));
        return outcome.orElseThrow(() -> new IllegalStateException(
                "an API key with id '" + replacement.keyId() + "' already exists"));
    }

    @Override
    public void markUsed(String keyId, Instant at) {
        StoreFailures.translate("note an API key's use", () -> jdbi.withHandle(handle -> handle.createUpdate(MARK_USED)
                .bind("keyId", keyId).bind("at", Utc.of(at)).execute()));
    }

    @Override
    public boolean isEmpty() {
        return !StoreFailures.translate("look for API keys", () -> jdbi.withHandle(handle -> handle
                .createQuery(ANY)
                .mapTo(Boolean.class)
                .one()));
    }

    /** @return false, having changed nothing, when a key with the same id exists */
    private static boolean insert(Handle handle, StoredApiKey key) {
        // ON CONFLICT turns a duplicate into a row count of 0 instead of an error that would abort the transaction.
        return handle.createUpdate(INSERT)
                .bind("keyId", key.keyId())
                .bind("tenant", key.tenant())
                .bind("roles", key.roles().stream().sorted().map(Role::wireName).toArray(String[]::new))
                .bind("description", key.description())
                .bind("secretHash", key.secretHash())
                .bind("pepperVersion", key.pepperVersion())
                .bind("createdAt", Utc.of(key.createdAt()))
                .bind("expiresAt", key.expiresAt() == null ? null : Utc.of(key.expiresAt()))
                .execute() > 0;
    }

    private static Optional<StoredApiKey> find(Handle handle, String keyId) {
        return handle.createQuery(FIND).bind("keyId", keyId).map((rs, ctx) -> toKey(rs)).findOne();
    }

    private static StoredApiKey toKey(ResultSet rs) throws SQLException {
        return new StoredApiKey(
                rs.getString("key_id"),
                rs.getString("tenant"),
                roles((String[]) rs.getArray("roles").getArray()),
                rs.getString("description"),
                rs.getBytes("secret_hash"),
                rs.getInt("pepper_version"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                instant(rs, "last_used_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Set<Role> roles(String[] names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(names).map(Role::parse).forEach(roles::add);
        return roles;
    }
}
