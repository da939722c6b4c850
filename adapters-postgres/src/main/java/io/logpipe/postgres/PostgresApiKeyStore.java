package io.logpipe.postgres;

import io.logpipe.domain.ApiKeyStore;
import io.logpipe.domain.Role;
import io.logpipe.domain.StoredApiKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ApiKeyStore} on PostgreSQL's {@code api_keys} table. Roles are stored as their lower-case names.
 *
 * <p>A key whose {@code revoked_at} is set is never found, though it still counts against {@link #isEmpty()} and
 * still holds its id: nothing revokes keys yet, but a key revoked by hand must stop working, and revoking every key
 * must not reopen the server to first-key bootstrap. Failures are translated as in {@link PostgresLogStore}.
 * Thread-safe.
 */
public final class PostgresApiKeyStore implements ApiKeyStore {

    private static final String INSERT = """
            INSERT INTO api_keys (key_id, tenant, roles, secret_hash, created_at)
            VALUES (:keyId, :tenant, :roles::text[], :secretHash, :createdAt)
            ON CONFLICT (key_id) DO NOTHING
            """;

    private static final String FIND = """
            SELECT key_id, tenant, roles, secret_hash, created_at
            FROM api_keys
            WHERE key_id = :keyId AND revoked_at IS NULL
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
    public void add(StoredApiKey key) {
        // ON CONFLICT turns a duplicate into a row count of 0 instead of an error that would abort the transaction.
        int inserted = StoreFailures.translate("add an API key", () -> jdbi.withHandle(handle -> handle
                .createUpdate(INSERT)
                .bind("keyId", key.keyId())
                .bind("tenant", key.tenant())
                .bind("roles", key.roles().stream().sorted().map(Role::wireName).toArray(String[]::new))
                .bind("secretHash", key.secretHash())
                .bind("createdAt", Utc.of(key.createdAt()))
                .execute()));
        if (inserted == 0) {
            throw new IllegalStateException("an API key with id '" + key.keyId() + "' already exists");
        }
    }

    @Override
    public Optional<StoredApiKey> find(String keyId) {
        return StoreFailures.translate("find an API key", () -> jdbi.withHandle(handle -> handle
                .createQuery(FIND)
                .bind("keyId", keyId)
                .map((rs, ctx) -> toKey(rs))
                .findOne()));
    }

    @Override
    public boolean isEmpty() {
        return !StoreFailures.translate("look for API keys", () -> jdbi.withHandle(handle -> handle
                .createQuery(ANY)
                .mapTo(Boolean.class)
                .one()));
    }

    private static StoredApiKey toKey(ResultSet rs) throws SQLException {
        return new StoredApiKey(
                rs.getString("key_id"),
                rs.getString("tenant"),
                roles((String[]) rs.getArray("roles").getArray()),
                rs.getBytes("secret_hash"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static Set<Role> roles(String[] names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(names).map(Role::parse).forEach(roles::add);
        return roles;
    }
}
