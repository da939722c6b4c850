package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void deniesAnActionWhoseRoleItLacks() {
        Principal ingestOnly = new Principal("0123456789abcdef", "acme", Set.of(Role.INGEST));

        assertThatThrownBy(() -> ingestOnly.require(Role.QUERY))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("'query'");
    }

    @Test
    void allowsAnActionWhoseRoleItHolds() {
        Principal ingestOnly = new Principal("0123456789abcdef", "acme", Set.of(Role.INGEST));

        assertThatCode(() -> ingestOnly.require(Role.INGEST)).doesNotThrowAnyException();
    }

    @Test
    void deniesEverythingWithoutRoles() {
        Principal nobody = new Principal("0123456789abcdef", "acme", Set.of());

        for (Role role : Role.values()) {
            assertThatThrownBy(() -> nobody.require(role)).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void isNotGrantedRolesAddedToTheCallersSetLater() {
        Set<Role> roles = new HashSet<>(Set.of(Role.INGEST));
        Principal principal = new Principal("0123456789abcdef", "acme", roles);

        roles.add(Role.ADMIN);

        assertThat(principal.has(Role.ADMIN)).isFalse();
        assertThat(principal.roles()).containsExactly(Role.INGEST);
    }

    @Test
    void rejectsAnInvalidTenant() {
        assertThatThrownBy(() -> new Principal("0123456789abcdef", "Acme", EnumSet.allOf(Role.class)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isNamedByItsKeyId() {
        Principal principal = new Principal("0123456789abcdef", "acme", Set.of(Role.QUERY));

        assertThat(principal.getName()).isEqualTo("0123456789abcdef");
    }
}
