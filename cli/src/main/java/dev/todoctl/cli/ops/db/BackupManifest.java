package dev.todoctl.cli.ops.db;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * What a backup file says about itself ({@code manifest.json} beside the dump): the format, the app and its version,
 * the database engine, where it was taken, the schema version (Flyway's latest applied migration), each table's row
 * count, and the dump's size and SHA-256.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BackupManifest(String format, String app, String appVersion, String engine, String target, String release,
                             String created, String schemaVersion, Map<String, Long> tables, String dump, long bytes,
                             String sha256) {
    public static final String FORMAT = "todoctl-backup/1";
    public static final String APP = "todo-chatbot";

    public BackupManifest {
        tables = tables == null ? Map.of() : Map.copyOf(new java.util.TreeMap<>(tables));
    }

    public long rows() {
        return tables.values().stream().mapToLong(Long::longValue).sum();
    }
}
