package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.util.JedisClusterCRC16;

class QueuePartitionsTest {

    @Test
    void keepsTheKeysOfOneStreamAsTheyWereBeforePartitions() {
        QueuePartitions one = new QueuePartitions("logpipe:entries", 1);

        assertThat(one.keys()).containsExactly(new QueueKeys("logpipe:entries"));
        QueueKeys keys = one.keys().get(0);
        assertThat(keys.backlog()).isEqualTo("logpipe:entries:backlog");
        assertThat(keys.deadLetters()).isEqualTo("logpipe:entries:dead");
        assertThat(keys.claim("acme", "key-1")).isEqualTo("logpipe:entries:idem:acme:key-1");
        assertThat(one.receipt(0, "1795708800000-0")).isEqualTo("1795708800000-0");
    }

    @Test
    void givesEachPartitionAHashTagOfItsOwnMadeFromTheName() {
        QueueKeys third = new QueuePartitions("logpipe:entries", 4).keys().get(3);

        assertThat(third.stream()).isEqualTo("{logpipe:entries:3}");
        assertThat(third.backlog()).isEqualTo("{logpipe:entries:3}:backlog");
        assertThat(third.deadLetters()).isEqualTo("{logpipe:entries:3}:dead");
        assertThat(third.claim("acme", "key-1")).isEqualTo("{logpipe:entries:3}:idem:acme:key-1");
    }

    @Test
    void putsThePartitionInsideAHashTagTheNameHasAlready() {
        assertThat(QueuePartitions.partitionStream("{logpipe}:entries", 3)).isEqualTo("{logpipe:3}:entries");
        assertThat(QueuePartitions.partitionStream("queues:{logpipe}:entries", 0))
                .isEqualTo("queues:{logpipe:0}:entries");
        assertThat(QueuePartitions.partitionStream("logpipe{}:entries", 7)).isEqualTo("logpipe{:7}:entries");
    }

    @Test
    void refusesToPartitionANameWithAClosingBraceButNoHashTag() {
        assertThatThrownBy(() -> new QueuePartitions("logpipe}:entries", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logpipe}:entries");
        assertThat(new QueuePartitions("logpipe}:entries", 1).keys().get(0).stream()).isEqualTo("logpipe}:entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"logpipe:entries", "{logpipe}:entries", "logpipe{}:entries", "log{pipe", "a{b}c{d}e"})
    void keepsEveryKeyOfAPartitionInOneClusterSlotAndSpreadsThePartitionsOverSlots(String stream) {
        QueuePartitions layout = new QueuePartitions(stream, 16);

        for (QueueKeys keys : layout.keys()) {
            int slot = JedisClusterCRC16.getSlot(keys.stream());
            assertThat(List.of(keys.backlog(), keys.deadLetters(), keys.claim("acme", "key-1")))
                    .as("keys of %s", keys.stream())
                    .allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).isEqualTo(slot));
        }
        Set<Integer> slots = layout.keys().stream().map(keys -> JedisClusterCRC16.getSlot(keys.stream()))
                .collect(Collectors.toSet());
        assertThat(slots).hasSizeGreaterThan(8);
    }

    @Test
    void routesATenantToTheSamePartitionInEveryProcessAndRelease() {
        // Pinned: a change of the hash would move tenants of running queues, stranding their claims.
        QueuePartitions layout = new QueuePartitions("logpipe:entries", 16);

        assertThat(layout.ofTenant("acme")).isEqualTo(14);
        assertThat(layout.ofTenant("globex")).isEqualTo(10);
        assertThat(layout.ofTenant("initech")).isZero();
        assertThat(new QueuePartitions("logpipe:entries", 1).ofTenant("acme")).isZero();
    }

    @Test
    void sharesABacklogLimitOutRoundingUp() {
        assertThat(new QueuePartitions("s", 1).share(1_000_000)).isEqualTo(1_000_000);
        assertThat(new QueuePartitions("s", 4).share(8)).isEqualTo(2);
        assertThat(new QueuePartitions("s", 4).share(9)).isEqualTo(3);
        assertThat(new QueuePartitions("s", 3).share(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE / 3 + 1);
    }

    @Test
    void readsBackTheReceiptsItWritesAndRefusesAnyOther() {
        QueuePartitions four = new QueuePartitions("s", 4);
        QueuePartitions one = new QueuePartitions("s", 1);

        assertThat(four.parse(four.receipt(3, "17-0"))).isEqualTo(new QueuePartitions.Receipt(3, "17-0"));
        assertThat(one.parse(one.receipt(0, "17-0"))).isEqualTo(new QueuePartitions.Receipt(0, "17-0"));
        for (String foreign : List.of("17-0", "4.17-0", "-1.17-0", "3.17", "3.17-0-0", "x.17-0", "")) {
            assertThatThrownBy(() -> four.parse(foreign)).as(foreign).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> one.parse("0.17-0")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1_025})
    void refusesAPartitionCountOutsideOneTo1024(int count) {
        assertThatThrownBy(() -> new QueuePartitions("s", count)).isInstanceOf(IllegalArgumentException.class);
    }
}
