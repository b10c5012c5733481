package dev.todoctl.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.todoctl.app.config.DatabaseConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The connection pool and the schema. The pool is created without touching the database
 * ({@code initializationFailTimeout=-1}), so the api starts, and recovers, while the database is away:
 * readiness says 503 until it answers again.
 */
public final class Database implements AutoCloseable {
    private final DatabaseConfig config;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private volatile boolean migrated;
    /** This process applies the migrations (on start): readiness need not ask Flyway meanwhile. */
    private volatile boolean migrating;

    public Database(DatabaseConfig config, MeterRegistry meters) {
        this.config = config;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url());
        config.user().ifPresent(hc::setUsername);
        config.password().ifPresent(hc::setPassword);
        // every pooled connection acts as DATABASE_ROLE, also Flyway's (it uses this pool): see DatabaseConfig
        config.setRoleSql().ifPresent(hc::setConnectionInitSql);
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setPoolName("todo-db");
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(Duration.ofSeconds(3).toMillis());
        hc.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        hc.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        hc.setKeepaliveTime(Duration.ofMinutes(2).toMillis());
        if (meters != null) {
            hc.setMetricRegistry(meters);
        }
        this.pool = new HikariDataSource(hc);
        // the same wait limit as the pool's own
        this.dataSource = new FairDataSource(pool, config.poolSize(), Duration.ofMillis(hc.getConnectionTimeout()));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseConfig config() {
        return config;
    }

    /**
     * Applies pending Flyway migrations once, failing fast when the database is away (callers decide how to
     * retry). Safe to run from several replicas at once: Flyway takes a lock.
     */
    public MigrateResult migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        migrated = true;
        return result;
    }

    /** Marks that this process applies the migrations itself ({@link #migrate} until it succeeds). */
    public void migratingHere() {
        migrating = true;
    }

    /**
     * True once migrations have been applied by this process or found applied by another. While this process is
     * applying them it is false without asking Flyway (a readiness probe polling during start-up would otherwise
     * run Flyway's schema scan on every poll, competing with the migration for the CPU).
     */
    public boolean migrationsApplied() {
        if (migrated) {
            return true;
        }
        if (migrating) {
            return false;
        }
        var info = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().info();
        migrated = info.pending().length == 0 && info.current() != null;
        return migrated;
    }

    /** A cheap round trip through the pool: used by readiness. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether {@link #close()} has run (the pool hands out no more connections). */
    public boolean closed() {
        return pool.isClosed();
    }

    @Override
    public void close() {
        pool.close();
    }
}
