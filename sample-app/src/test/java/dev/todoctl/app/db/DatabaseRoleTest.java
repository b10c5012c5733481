package dev.todoctl.app.db;

import dev.todoctl.app.config.DatabaseConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.app.support.PostgresServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DATABASE_ROLE} on a real PostgreSQL: the api logged in as the standby login role of a password rotation
 * ({@code todoctl secrets rotate database}) runs the Flyway migrations, and everything they create — tables,
 * sequences, Flyway's own history — is owned by the owner role, so the owner logging in later (the next rotation)
 * uses it as its own.
 */
@DisplayName("DATABASE_ROLE: migrations run by either login role leave the owner role owning everything")
class DatabaseRoleTest {

    @Test
    @DisplayName("the standby migrates with SET ROLE owner; every object is the owner's; the owner then reads and writes")
    void standbyMigratesForTheOwner() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "own_" + suffix;
        String standby = owner + "_b";
        String url = pg.createDatabase("roles_" + suffix);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN");
            s.execute("CREATE ROLE " + standby + " LOGIN IN ROLE " + owner);
            s.execute("ALTER DATABASE roles_" + suffix + " OWNER TO " + owner);
        }

        try (Database asStandby = new Database(DatabaseConfig.from(new Env(Map.of("DATABASE_URL", url,
                "DATABASE_USER", standby, "DATABASE_ROLE", owner))), null)) {
            asStandby.migrate();
            try (Connection c = asStandby.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet who = s.executeQuery("SELECT session_user, current_user")) {
                who.next();
                assertThat(who.getString(1)).isEqualTo(standby);
                assertThat(who.getString(2)).as("the pool's connections act as the owner").isEqualTo(owner);
            }
        }

        List<String> owners = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.relname || ':' || pg_get_userbyid(c.relowner) FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v')")) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        }
        assertThat(owners).as("tables and sequences the migrations made").isNotEmpty()
                .anyMatch(o -> o.startsWith("flyway_schema_history:")).allMatch(o -> o.endsWith(":" + owner));

        try (Database asOwner = new Database(DatabaseConfig.from(new Env(Map.of("DATABASE_URL", url,
                "DATABASE_USER", owner, "DATABASE_ROLE", owner))), null)) {
            assertThat(asOwner.migrationsApplied()).isTrue();
            try (Connection c = asOwner.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE rotated_ok (id int)");
                s.execute("INSERT INTO rotated_ok VALUES (1)");
                s.execute("ALTER TABLE flyway_schema_history ADD COLUMN rotated boolean");
                s.execute("ALTER TABLE flyway_schema_history DROP COLUMN rotated");
            }
        }
    }

    @Test
    @DisplayName("DATABASE_ROLE is quoted as an identifier, and ignored for the embedded H2")
    void config() {
        assertThat(DatabaseConfig.from(new Env(Map.of("DATABASE_URL", "jdbc:postgresql://db/todo",
                "DATABASE_ROLE", "to\"do"))).setRoleSql()).contains("SET ROLE \"to\"\"do\"");
        assertThat(DatabaseConfig.from(new Env(Map.of("DATABASE_ROLE", "todo"))).setRoleSql()).isEmpty();
        assertThat(DatabaseConfig.from(new Env(Map.of("DATABASE_URL", "jdbc:postgresql://db/todo"))).setRoleSql()).isEmpty();
    }
}
