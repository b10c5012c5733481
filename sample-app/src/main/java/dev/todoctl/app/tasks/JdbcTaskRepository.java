package dev.todoctl.app.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.todoctl.app.db.Jdbc;
import dev.todoctl.app.http.Json;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tasks in PostgreSQL or H2 (PostgreSQL mode) with the same SQL. Reads are one query per page: tags come as a
 * JSON column of the row and the total as a window count; {@code task_tags} exists only to index {@code tag=}.
 * Timestamps are kept to the second, so that what clients see is exactly what sorting uses (ties by id).
 */
public final class JdbcTaskRepository implements TaskRepository {
    private static final String COLUMNS =
            "id, title, description, completed, priority, tags, due_date, created_at, updated_at";
    /** Position of the window count that follows {@link #COLUMNS} in a list query. */
    private static final int TOTAL = 10;
    private static final String INSERT_TASK = "INSERT INTO tasks (owner_id, title, description, completed, priority, "
            + "tags, due_date, created_at, updated_at) VALUES (?, ?, ?, FALSE, ?, ?, ?, ?, ?)";
    private static final ObjectReader TAGS_READER = Json.MAPPER.readerFor(new TypeReference<List<String>>() {
    });
    private static final ObjectWriter TAGS_WRITER = Json.MAPPER.writerFor(new TypeReference<List<String>>() {
    });

    private final Jdbc jdbc;
    private final Clock clock;
    /** Whether the database is PostgreSQL, asked once (null until then). */
    private volatile Boolean postgres;

    public JdbcTaskRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    @Override
    public Task insert(long ownerId, TaskDraft d) {
        OffsetDateTime now = now();
        Instant at = now.toInstant();
        long id = postgres()
                ? jdbc.run(c -> insertInOneStatement(c, ownerId, d, now))
                : jdbc.transaction(c -> insertInTransaction(c, ownerId, d, now));
        return new Task(id, d.title(), d.description(), false, d.priority(), d.tags(), d.dueDate(), at, at);
    }

    /**
     * PostgreSQL: the task and its tag rows in one statement (data-modifying CTEs), so one round trip in auto-commit
     * and atomic all the same; the transaction below takes three (insert, tags, commit), and creating tasks was
     * bound by those round trips on a machine shared with the database (api benchmark).
     */
    private static long insertInOneStatement(Connection c, long ownerId, TaskDraft d, OffsetDateTime now)
            throws SQLException {
        String sql = "WITH t AS (" + INSERT_TASK + " RETURNING id), "
                + "g AS (INSERT INTO task_tags (task_id, tag) SELECT t.id, u.tag FROM t, unnest(?::text[]) AS u(tag)) "
                + "SELECT id FROM t";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindTask(ps, ownerId, d, now);
            ps.setArray(i, c.createArrayOf("text", d.tags().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Any other database (H2): the insert and the tag rows, in one transaction (the caller's). */
    private static long insertInTransaction(Connection c, long ownerId, TaskDraft d, OffsetDateTime now)
            throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement(INSERT_TASK, Statement.RETURN_GENERATED_KEYS)) {
            bindTask(ps, ownerId, d, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        insertTags(c, id, d.tags());
        return id;
    }

    /** Binds {@link #INSERT_TASK}'s parameters; returns the next parameter index. */
    private static int bindTask(PreparedStatement ps, long ownerId, TaskDraft d, OffsetDateTime now)
            throws SQLException {
        ps.setLong(1, ownerId);
        ps.setString(2, d.title());
        ps.setString(3, d.description());
        ps.setShort(4, (short) d.priority().ordinal());
        ps.setString(5, tagsJson(d.tags()));
        ps.setObject(6, d.dueDate());
        ps.setObject(7, now);
        ps.setObject(8, now);
        return 9;
    }

    private boolean postgres() {
        Boolean pg = postgres;
        if (pg == null) {
            pg = jdbc.run(c -> "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
            postgres = pg;
        }
        return pg;
    }

    @Override
    public Optional<Task> find(long ownerId, long id) {
        return jdbc.run(c -> select(c, ownerId, id));
    }

    @Override
    public TaskPage list(long ownerId, TaskQuery q) {
        List<Object> params = new ArrayList<>();
        String where = where(ownerId, q, params);
        String sql = "SELECT " + COLUMNS + ", COUNT(*) OVER () AS total FROM tasks t WHERE " + where
                + " ORDER BY " + orderBy(q) + " LIMIT ? OFFSET ?";
        return jdbc.run(c -> {
            List<Task> items = new ArrayList<>();
            long total = -1;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = bind(ps, params);
                ps.setInt(i++, q.limit());
                ps.setInt(i, q.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(map(rs));
                        total = rs.getLong(TOTAL);
                    }
                }
            }
            if (total < 0) {
                total = q.offset() == 0 ? 0 : count(c, where, params);
            }
            return new TaskPage(items, total, q.limit(), q.offset());
        });
    }

    @Override
    public Optional<Task> replace(long ownerId, long id, TaskDraft d, Boolean completed) {
        return jdbc.transaction(c -> {
            String sql = "UPDATE tasks SET title = ?, description = ?, priority = ?, tags = ?, due_date = ?, "
                    + (completed != null ? "completed = ?, " : "") + "updated_at = ? WHERE id = ? AND owner_id = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, d.title());
                ps.setString(i++, d.description());
                ps.setShort(i++, (short) d.priority().ordinal());
                ps.setString(i++, tagsJson(d.tags()));
                ps.setObject(i++, d.dueDate());
                if (completed != null) {
                    ps.setBoolean(i++, completed);
                }
                ps.setObject(i++, now());
                ps.setLong(i++, id);
                ps.setLong(i, ownerId);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            replaceTags(c, id, d.tags());
            return select(c, ownerId, id);
        });
    }

    @Override
    public Optional<Task> patch(long ownerId, long id, TaskPatch p) {
        return jdbc.transaction(c -> {
            List<String> sets = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            if (p.title() != null) {
                sets.add("title = ?");
                params.add(p.title());
            }
            if (p.description() != null) {
                sets.add("description = ?");
                params.add(p.description());
            }
            if (p.priority() != null) {
                sets.add("priority = ?");
                params.add((short) p.priority().ordinal());
            }
            if (p.tags() != null) {
                sets.add("tags = ?");
                params.add(tagsJson(p.tags()));
            }
            if (p.dueDateGiven()) {
                sets.add("due_date = ?");
                params.add(p.dueDate());
            }
            if (p.completed() != null) {
                sets.add("completed = ?");
                params.add(p.completed());
            }
            sets.add("updated_at = ?");
            params.add(now());
            params.add(id);
            params.add(ownerId);
            String sql = "UPDATE tasks SET " + String.join(", ", sets) + " WHERE id = ? AND owner_id = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            if (p.tags() != null) {
                replaceTags(c, id, p.tags());
            }
            return select(c, ownerId, id);
        });
    }

    @Override
    public boolean delete(long ownerId, long id) {
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tasks WHERE id = ? AND owner_id = ?")) {
                ps.setLong(1, id);
                ps.setLong(2, ownerId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static String where(long ownerId, TaskQuery q, List<Object> params) {
        StringBuilder w = new StringBuilder("owner_id = ?");
        params.add(ownerId);
        if (q.completed() != null) {
            w.append(" AND completed = ?");
            params.add(q.completed());
        }
        if (q.priority() != null) {
            w.append(" AND priority = ?");
            params.add((short) q.priority().ordinal());
        }
        if (q.tag() != null) {
            w.append(" AND EXISTS (SELECT 1 FROM task_tags tt WHERE tt.task_id = t.id AND tt.tag = ?)");
            params.add(q.tag());
        }
        if (q.text() != null && !q.text().isEmpty()) {
            String like = "%" + escapeLike(q.text().toLowerCase(Locale.ROOT)) + "%";
            w.append(" AND (LOWER(title) LIKE ? ESCAPE '!' OR LOWER(description) LIKE ? ESCAPE '!')");
            params.add(like);
            params.add(like);
        }
        if (q.dueBefore() != null) {
            w.append(" AND due_date < ?");
            params.add(q.dueBefore());
        }
        if (q.dueAfter() != null) {
            w.append(" AND due_date > ?");
            params.add(q.dueAfter());
        }
        return w.toString();
    }

    /** The contract's order: ties by id; tasks without a due date last in either direction; title ignores case. */
    private static String orderBy(TaskQuery q) {
        String dir = q.descending() ? " DESC" : " ASC";
        return switch (q.sort()) {
            case CREATED_AT -> "created_at" + dir + ", id" + dir;
            case DUE_DATE -> "CASE WHEN due_date IS NULL THEN 1 ELSE 0 END ASC, due_date" + dir + ", id" + dir;
            case PRIORITY -> "priority" + dir + ", id" + dir;
            case TITLE -> "LOWER(title)" + dir + ", id" + dir;
        };
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static long count(Connection c, String where, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tasks t WHERE " + where)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Optional<Task> select(Connection c, long ownerId, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM tasks WHERE id = ? AND owner_id = ?")) {
            ps.setLong(1, id);
            ps.setLong(2, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static void insertTags(Connection c, long taskId, List<String> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_tags (task_id, tag) VALUES (?, ?)")) {
            for (String tag : tags) {
                ps.setLong(1, taskId);
                ps.setString(2, tag);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void replaceTags(Connection c, long taskId, List<String> tags) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM task_tags WHERE task_id = ?")) {
            ps.setLong(1, taskId);
            ps.executeUpdate();
        }
        insertTags(c, taskId, tags);
    }

    private static int bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    /** Reads the {@link #COLUMNS} by position: by name, the driver looks every column up again on every row. */
    private static Task map(ResultSet rs) throws SQLException {
        return new Task(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                Priority.values()[rs.getShort(5)],
                parseTags(rs.getString(6)),
                rs.getObject(7, LocalDate.class),
                rs.getObject(8, OffsetDateTime.class).toInstant(),
                rs.getObject(9, OffsetDateTime.class).toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    }

    private static String tagsJson(List<String> tags) {
        try {
            return TAGS_WRITER.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> parseTags(String json) {
        try {
            return TAGS_READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt tags column: " + json, e);
        }
    }
}
