package dev.todoctl.app.db;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FairDataSourceTest {

    private static FairDataSource fair(int size, Duration timeout) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:fair" + System.nanoTime());
        return new FairDataSource(h2, size, timeout);
    }

    @Test
    void waitersGetTheConnectionInTheOrderTheyAsked() throws Exception {
        FairDataSource ds = fair(1, Duration.ofSeconds(10));
        List<Integer> order = new CopyOnWriteArrayList<>();
        Connection held = ds.getConnection();
        Thread[] waiters = new Thread[5];
        for (int i = 0; i < waiters.length; i++) {
            int n = i;
            waiters[i] = Thread.ofVirtual().start(() -> {
                try (Connection c = ds.getConnection()) {
                    order.add(n);
                    Thread.sleep(5);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // each waiter is queued before the next one starts
            while (!ds.hasQueuedThreadsAtLeast(i + 1)) {
                Thread.sleep(1);
            }
        }
        held.close();
        for (Thread t : waiters) {
            t.join();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(ds.available()).isEqualTo(1);
    }

    /**
     * A thread arriving just as a connection is returned queues behind the one already waiting. With the pool alone
     * (or a non-fair semaphore) the newcomer usually wins that race; here it never may, so 50 rounds must all keep
     * the order.
     */
    @RepeatedTest(50)
    void aThreadArrivingAsAConnectionIsReturnedQueuesBehindTheOneWaiting() throws Exception {
        FairDataSource ds = fair(1, Duration.ofSeconds(10));
        List<String> order = new CopyOnWriteArrayList<>();
        Connection held = ds.getConnection();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try (Connection c = ds.getConnection()) {
                order.add("waiter");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        while (!ds.hasQueuedThreadsAtLeast(1)) {
            Thread.onSpinWait();
        }
        held.close();
        try (Connection late = ds.getConnection()) {
            order.add("late");
        }
        waiter.join();
        assertThat(order).containsExactly("waiter", "late");
    }

    @Test
    void closingTwiceGivesBackOnePermit() throws Exception {
        FairDataSource ds = fair(2, Duration.ofSeconds(1));
        Connection c = ds.getConnection();
        assertThat(ds.available()).isEqualTo(1);
        c.close();
        c.close();
        assertThat(ds.available()).isEqualTo(2);
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void aFullPoolTimesOutWithATransientErrorAndLeaksNothing() throws Exception {
        FairDataSource ds = fair(1, Duration.ofMillis(100));
        try (Connection held = ds.getConnection()) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("no database connection free after 100 ms");
            assertThat(held.isValid(1)).isTrue();
        }
        assertThat(ds.available()).isEqualTo(1);
    }
}
