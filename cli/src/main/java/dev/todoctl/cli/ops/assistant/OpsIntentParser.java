package dev.todoctl.cli.ops.assistant;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline model's reading of a question: keyword rules, in an order chosen so that a question is never read
 * as a change ("why did the api restart?" is a question, not a restart) and a change names what it changes.
 * Deterministic, no network; anything it does not recognise becomes {@link OpsIntent.Unknown}, never an error.
 */
public final class OpsIntentParser {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10));
    private static final String NUMBER = "(\\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten)";

    private static final Pattern COMPONENT = Pattern.compile(
            "\\b(api|backend|back-end|web|website|frontend|front-end|ui|database|db|postgres|postgresql)\\b");
    private static final Pattern HELP = Pattern.compile("^(help|\\?|what can you do|what do you do|how do i use you|commands)\\b");
    private static final Pattern QUESTION_WHY = Pattern.compile("^(why|what'?s wrong|what is wrong|what went wrong|how come)\\b");
    private static final Pattern ROLLBACK = Pattern.compile("\\b(roll ?back|revert|undo|go back)\\b");
    private static final Pattern REVISION = Pattern.compile("\\b(?:revision|rev|version|release|to|#)\\s*#?(\\d+)\\b|\\b(?:roll ?back|revert)\\s+(\\d+)\\b");
    private static final Pattern SCALE = Pattern.compile("\\bscale\\b");
    private static final Pattern REPLICAS = Pattern.compile("\\b(?:to|=)\\s*" + NUMBER + "\\b|\\b" + NUMBER
            + "\\s+(?:replicas?|instances?|copies|pods?)\\b|\\breplicas?\\s+(?:to\\s+)?" + NUMBER + "\\b");
    /** A replica count without the word "scale": "run 3 replicas of the web", "api replicas to 4". */
    private static final Pattern REPLICA_COUNT = Pattern.compile("\\b" + NUMBER
            + "\\s+(?:replicas?|instances?|copies|pods?)\\b|\\breplicas?\\s+(?:to\\s+|=\\s*)?" + NUMBER + "\\b");
    private static final Pattern RESTART = Pattern.compile("\\b(restart|reboot|bounce|recycle|kick)\\b");
    private static final Pattern SET_VALUE = Pattern.compile("\\bset\\s+([a-z][a-z0-9_.-]*\\.[a-z0-9_.-]+)\\s*(?:=|to)\\s*(\\S+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DIAGNOSE = Pattern.compile("\\b(diagnose|diagnosis|troubleshoot|doctor)\\b");
    private static final Pattern TROUBLE = Pattern.compile("\\b(not (?:start|starting|started|working|running|ready|coming up|come up|up|responding)"
            + "|isn'?t (?:start|starting|working|running|ready|up|responding)|won'?t start|doesn'?t (?:start|work)"
            + "|fail\\w*|crash\\w*|broken|down|errors?|problems?|issues?|unhealthy|stuck|wrong)\\b");
    private static final Pattern RESOURCES = Pattern.compile("\\b(memory|ram|cpu|resources?|usage|heaviest|hungriest|consum\\w*|footprint)\\b");
    private static final Pattern LOGS = Pattern.compile("\\b(logs?|tail|output|stdout)\\b");
    private static final Pattern LAST_LINES = Pattern.compile("\\b(?:last|tail)\\s+(\\d+)\\b|\\b(\\d+)\\s+lines\\b");
    private static final Pattern HISTORY = Pattern.compile("\\b(history|revisions|previous (?:versions|releases|deploys)|past deploy\\w*)\\b");
    private static final Pattern EVENTS = Pattern.compile("\\bevents?\\b");
    private static final Pattern LIST = Pattern.compile("\\b(components|services|what'?s deployed|what is deployed|list)\\b");
    private static final Pattern HEALTH = Pattern.compile("\\b(health|healthy|status|ok|okay|fine|alright|all right|up|running|working|alive|ready|state)\\b");
    private static final Pattern DESCRIBE = Pattern.compile("\\b(describe|details?|tell me about|info|about|image|version of|replicas|how many)\\b");

    public OpsIntent parse(String question) {
        String q = normalize(question);
        if (q.isEmpty()) {
            return new OpsIntent.Help();
        }
        Optional<String> component = component(q);
        if (HELP.matcher(q).find()) {
            return new OpsIntent.Help();
        }
        if (QUESTION_WHY.matcher(q).find()) {
            return new OpsIntent.Troubleshoot(component.orElse(null));
        }
        if (ROLLBACK.matcher(q).find()) {
            return new OpsIntent.Rollback(revision(q));
        }
        boolean setsChartValue = SET_VALUE.matcher(q).find();
        if (!setsChartValue && (SCALE.matcher(q).find() || REPLICA_COUNT.matcher(q).find())) {
            return scale(q, component);
        }
        if (RESTART.matcher(q).find()) {
            return component.<OpsIntent>map(OpsIntent.Restart::new)
                    .orElse(new OpsIntent.Clarify("Which component should I restart: api, web or database?"));
        }
        Matcher set = SET_VALUE.matcher(question == null ? "" : question.strip());
        if (set.find()) {
            return new OpsIntent.SetValue(set.group(1), set.group(2).replaceAll("^[\"']|[\"'.,;!?]+$", ""));
        }
        if (DIAGNOSE.matcher(q).find()) {
            return component.<OpsIntent>map(OpsIntent.Troubleshoot::new).orElse(new OpsIntent.Diagnose());
        }
        if (LOGS.matcher(q).find()) {
            return new OpsIntent.Logs(component.orElse(null), lastLines(q));
        }
        if (TROUBLE.matcher(q).find() && !q.matches(".*\\b(is|are) (everything|all|it) (up|running|working|ok|okay|fine|healthy)\\b.*")) {
            return new OpsIntent.Troubleshoot(component.orElse(null));
        }
        if (RESOURCES.matcher(q).find()) {
            return new OpsIntent.ResourceUsage();
        }
        if (HISTORY.matcher(q).find()) {
            return new OpsIntent.History();
        }
        if (EVENTS.matcher(q).find()) {
            return new OpsIntent.Events(component.orElse(null));
        }
        if (component.isPresent() && DESCRIBE.matcher(q).find()) {
            return new OpsIntent.Describe(component.get());
        }
        if (LIST.matcher(q).find()) {
            return new OpsIntent.ListComponents();
        }
        if (HEALTH.matcher(q).find()) {
            return component.<OpsIntent>map(OpsIntent.Describe::new).orElse(new OpsIntent.Health());
        }
        if (component.isPresent() && q.split("\\s+").length <= 3) {
            return new OpsIntent.Describe(component.get());
        }
        return new OpsIntent.Unknown(question == null ? "" : question.strip());
    }

    private static OpsIntent scale(String q, Optional<String> component) {
        Integer replicas = replicas(q);
        if (replicas == null) {
            return new OpsIntent.Clarify("How many replicas? For example \"scale the "
                    + component.orElse("api") + " to 3 replicas\".");
        }
        if (component.isEmpty()) {
            return new OpsIntent.Clarify("Which component should run " + replicas + " replicas: api or web?");
        }
        return new OpsIntent.Scale(component.get(), replicas);
    }

    /** "to 3", "3 replicas", "replicas to 3": the number asked for, or null. */
    private static Integer replicas(String q) {
        Matcher m = REPLICAS.matcher(q);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    return number(m.group(g));
                }
            }
        }
        return null;
    }

    private static Integer revision(String q) {
        Matcher m = REVISION.matcher(q);
        if (m.find()) {
            return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return null;
    }

    private static Integer lastLines(String q) {
        Matcher m = LAST_LINES.matcher(q);
        if (m.find()) {
            return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return null;
    }

    private static Optional<String> component(String q) {
        Matcher m = COMPONENT.matcher(q);
        return m.find() ? Components.canonical(m.group(1)) : Optional.empty();
    }

    private static int number(String s) {
        return NUMBERS.containsKey(s) ? NUMBERS.get(s) : Integer.parseInt(s);
    }

    private static String normalize(String question) {
        if (question == null) {
            return "";
        }
        return question.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("[?!.,;:]+(\\s|$)", " ")
                .replaceAll("\\s+", " ").strip();
    }
}
