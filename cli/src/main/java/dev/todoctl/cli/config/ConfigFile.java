package dev.todoctl.cli.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code todoctl.yaml} read as flat dotted keys with the line each came from, so that every error can name
 * file and line. Layout: top-level settings, an optional {@code profile:} default and {@code profiles:}
 * with one block of overrides per profile.
 */
public record ConfigFile(Path path, String defaultProfile, Map<String, Entry> base,
                         Map<String, Map<String, Entry>> profiles, List<String> problems) {

    /** A value and the line (1-based) it was written on. */
    public record Entry(String value, int line) {
    }

    public static ConfigFile empty() {
        return new ConfigFile(null, null, Map.of(), Map.of(), List.of());
    }

    public static ConfigFile read(Path path) {
        String where = path.toString();
        Node root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            // What Yaml.compose does, without building a Yaml: its Constructor's TypeDescription asks for a
            // System.Logger, and the JDK then looks for a logger service in every jar on the class path — 114
            // jars opened, 0.1-0.3 s of each read-only command (todoctl builds no objects from YAML, only nodes).
            root = new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            return broken(path, where + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            return broken(path, where + ": not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            return broken(path, where + ": cannot be read: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Map<String, Entry> base = new LinkedHashMap<>();
        Map<String, Map<String, Entry>> profiles = new LinkedHashMap<>();
        String defaultProfile = null;
        if (root == null) {
            return new ConfigFile(path, null, base, profiles, problems);
        }
        if (!(root instanceof MappingNode mapping)) {
            return broken(path, where + ":" + line(root) + ": expected a mapping of settings (key: value)");
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            Node value = tuple.getValueNode();
            if ("profiles".equals(key)) {
                if (!(value instanceof MappingNode profileNodes)) {
                    problems.add(where + ":" + line(value) + ": profiles: expected a mapping of profile name to settings");
                    continue;
                }
                for (NodeTuple profile : profileNodes.getValue()) {
                    Map<String, Entry> entries = new LinkedHashMap<>();
                    flatten("", profile.getValueNode(), entries, problems, where);
                    profiles.put(scalar(profile.getKeyNode()), entries);
                }
            } else if ("profile".equals(key) && value instanceof ScalarNode s) {
                defaultProfile = s.getValue();
            } else {
                flatten(key, value, base, problems, where);
            }
        }
        return new ConfigFile(path, defaultProfile, base, profiles, problems);
    }

    private static void flatten(String prefix, Node node, Map<String, Entry> into, List<String> problems, String where) {
        if (node instanceof ScalarNode scalar) {
            into.put(prefix, new Entry(scalar.getValue(), line(node)));
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode());
                flatten(prefix.isEmpty() ? key : prefix + "." + key, tuple.getValueNode(), into, problems, where);
            }
        } else {
            problems.add(where + ":" + line(node) + ": " + prefix + ": expected a single value, found a list");
        }
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static ConfigFile broken(Path path, String problem) {
        return new ConfigFile(path, null, Map.of(), Map.of(), List.of(problem));
    }
}
