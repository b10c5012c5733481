package dev.todoctl.app.chat.intent;

import dev.todoctl.app.chat.intent.Intent.AddTask;
import dev.todoctl.app.chat.intent.Intent.CompleteTask;
import dev.todoctl.app.chat.intent.Intent.DeleteTask;
import dev.todoctl.app.chat.intent.Intent.Greeting;
import dev.todoctl.app.chat.intent.Intent.Help;
import dev.todoctl.app.chat.intent.Intent.ListTasks;
import dev.todoctl.app.chat.intent.Intent.Pick;
import dev.todoctl.app.chat.intent.Intent.Unknown;
import dev.todoctl.app.chat.intent.Intent.UpdateTask;
import dev.todoctl.app.tasks.Priority;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic, rule-based reading of one chat message into an {@link Intent}: the brain of the offline chat
 * provider. Rules are tried in order (small talk, bare references, updates, deletes, completions, listings,
 * additions); modifiers (priority, tags, due date) are cut out of the text wherever they appear, and what remains
 * is the title or the task reference. Relative dates are resolved against the injected {@link Clock} (UTC).
 * Never throws: anything it cannot read becomes {@link Unknown}.
 */
public final class IntentParser {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final String WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
    private static final String PRIORITY_WORDS = "high|low|medium|normal|top|urgent";
    private static final String WORD = "[\\p{L}\\p{N}][\\p{L}\\p{N}_-]*";

    private static final Pattern GREETING = p("^(?:hi|hello|hey|hiya|howdy|yo|hallo|good (?:morning|afternoon|evening)"
            + "|greetings)(?:\\s+(?:there|bot|assistant|friend))?$");
    private static final Pattern THANKS = p("^(?:thanks|thank you|thx|ty|cheers|great,? thanks|ok,? thanks)\\b.*$");
    private static final Pattern HELP = p("^(?:help|\\?|what can you do|what do you do|how does this work|"
            + "how do i use (?:this|you)|commands|what are your commands|who are you)\\b.*$");

    private static final Pattern PICK_ID = p("^(?:task\\s+|number\\s+|no\\.?\\s*|the one with id\\s+|id\\s+)?#?(\\d{1,18})$");
    private static final Pattern PICK_POSITION = p("^(?:the\\s+)?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)"
            + "(?:\\s+(?:one|task))?$");

    // updates
    private static final Pattern RENAME = p("^(?:rename|retitle)\\s+(.+?)\\s+(?:to|as|into)\\s+(.+)$");
    private static final Pattern CHANGE_TITLE_OF = p("^(?:change|set|update)\\s+(?:the\\s+)?(?:title|name)\\s+"
            + "(?:of|for)\\s+(.+?)\\s+to\\s+(.+)$");
    private static final Pattern CHANGE_TITLE = p("^(?:change|update)\\s+(.+?)(?:'s)?\\s+(?:title|name)\\s+to\\s+(.+)$");
    private static final Pattern SET_PRIORITY_OF = p("^(?:set|change|update)\\s+(?:the\\s+)?priority\\s+(?:of|for|on)\\s+"
            + "(.+?)\\s+to\\s+(" + PRIORITY_WORDS + ")$");
    private static final Pattern MAKE_PRIORITY = p("^(?:make|mark|set|flag)\\s+(.+?)\\s+(?:as\\s+)?(?:a\\s+)?(?:(" + PRIORITY_WORDS
            + "|important)(?:[- ]priority)?|priority\\s+(" + PRIORITY_WORDS + "))$");
    private static final Pattern PRIORITIZE = p("^(de-?prioriti[sz]e|prioriti[sz]e)\\s+(.+)$");
    private static final Pattern CLEAR_DUE = p("^(?:clear|remove|drop|delete)\\s+(?:the\\s+)?(?:due date|deadline)\\s+"
            + "(?:of|from|on|for)\\s+(.+)$");
    private static final Pattern MOVE_DUE = p("^(?:move|postpone|reschedule|push|defer|delay|change the due date of|"
            + "set the due date of|set the due date for|change the due date for|change the deadline of|"
            + "set the deadline of|set the deadline for)\\s+(.+?)\\s+(?:to|until|till|for)\\s+(.+)$");
    private static final Pattern IS_DUE = p("^(.+?)\\s+(?:is|should be)\\s+due\\s+(.+)$");
    private static final Pattern QUESTION_WORD = p("^(?:what|which|anything|something|everything|who|how|when|is|are)\\b");
    private static final Pattern TAG_WITH = p("^(?:tag|label)\\s+(.+?)\\s+(?:with|as)\\s+(.+)$");
    private static final Pattern ADD_TAG_TO = p("^add\\s+(?:the\\s+)?(?:tags?|labels?)\\s+(.+?)\\s+to\\s+(.+)$");

    // deletes and completions
    private static final Pattern DELETE = p("^(?:delete|remove|erase|trash|drop|cancel|scrap|get rid of|forget about)\\s+"
            + "(.+?)(?:\\s+(?:from|off)\\s+(?:my|the)\\s+(?:list|tasks|todo list|to-do list|todos))?$");
    private static final Pattern REOPEN = p("^(?:reopen|re-open|uncheck|unmark|undo|restore)\\s+(.+)$");
    private static final Pattern MARK_NOT_DONE = p("^mark\\s+(.+?)\\s+as\\s+(?:not done|undone|open|pending|incomplete|"
            + "not completed|not finished|todo|to do)$");
    private static final Pattern MARK_DONE = p("^mark\\s+(.+?)\\s+(?:as\\s+)?(?:done|complete|completed|finished)$");
    private static final Pattern COMPLETE = p("^(?:complete|finish|check off|tick off|cross off|close)\\s+(.+?)"
            + "(?:\\s+(?:off|as done))?$");
    private static final Pattern I_FINISHED = p("^(?:(?:i(?:'ve| have)?|i'm)\\s+(?:just\\s+)?(?:finished|completed|done|did)"
            + "|(?:just\\s+)?(?:finished|completed)|done)\\s+(?:with\\s+)?(.+)$");
    private static final Pattern IS_DONE = p("^(.+?)\\s+is\\s+(?:done|finished|complete|completed)$");

    // listings
    private static final Pattern LIST_VERB = p("^(?:show|list|display|view|see|give me|find|search|look up|look for)\\b.*$");
    private static final Pattern LIST_QUESTION = p("^(?:what|what's|whats|which|do i have|have i got|any|anything|how many|"
            + "tell me|are there|is there)\\b.*$");
    private static final Pattern LIST_SIGNAL = p("\\b(?:tasks?|todos?|to-dos?|list|items|things|open|pending|remaining|left|"
            + "outstanding|unfinished|still|to do|completed|done|finished|overdue|late|due|tagged|everything)\\b|#\\p{L}");
    private static final Pattern LIST_NOUN = p("\\b(?:tasks?|todos?|to-dos?|to do list|todo list|my list|items|things)\\b");
    private static final Pattern SEARCH = p("^(?:find|search(?:\\s+for)?|look up|look for)\\s+(?:(?:my\\s+|the\\s+)?tasks?\\s+)?"
            + "(?:about\\s+|for\\s+|with\\s+|containing\\s+|mentioning\\s+)?(.+)$");
    private static final Pattern ABOUT = p("\\b(?:about|containing|mentioning|matching|that mention|with the word)\\s+(.+)$");
    private static final Pattern OVERDUE = p("\\b(?:overdue|late|past due)\\b");
    private static final Pattern THIS_WEEK = p("\\b(?:due\\s+)?this week\\b");
    private static final Pattern PENDING_WORDS = p("\\b(?:open|pending|remaining|left|outstanding|unfinished|incomplete|"
            + "not done|still|to do|todo|need to do|have to do|got to do|undone)\\b");
    private static final Pattern COMPLETED_WORDS = p("\\b(?:completed|done|finished|closed|ticked off|checked off)\\b");
    private static final Pattern LIST_PRIORITY = p("\\b(high|low|medium|urgent|important)(?:[- ]priority)?\\b");
    private static final Pattern MY_X_TASKS = p("\\b(?:my|the|all|all my|any)\\s+(" + WORD + ")\\s+(?:tasks|todos|to-dos|items"
            + "|things|stuff)\\b");
    private static final Set<String> NOT_TAGS = Set.of("open", "pending", "completed", "done", "finished", "remaining",
            "outstanding", "high", "low", "medium", "urgent", "important", "overdue", "all", "current", "unfinished",
            "incomplete", "new", "old", "recent", "other", "latest", "closed", "late", "priority", "today's",
            "tomorrow's", "due", "my", "the", "open-ended");

    // additions
    private static final Pattern ADD = p("^(?:add|create|new|put|note|jot down|write down|schedule|plan|set up)\\s+(?:a\\s+)?"
            + "(?:new\\s+)?(?:(?:task|todo|to-do|item|reminder|entry)\\b\\s*)?(?:(?:called|named|titled|to|for|:)\\s*)?(.+)$");
    private static final Pattern TODO_PREFIX = p("^(?:todo|to-do|task|new task|reminder)\\s*:\\s*(.+)$");
    private static final Pattern REMIND = p("^(?:remind me to|remind me about|remember to|don'?t let me forget to|"
            + "don'?t forget to|i (?:need|have|must|should|want|ought) to|i've got to|i gotta|i must|i should|"
            + "i need|please remember to)\\s+(.+)$");
    private static final Pattern TO_MY_LIST = p("\\s*\\b(?:to|on|onto|in|into)\\s+(?:my|the)\\s+(?:todo\\s+|to-do\\s+|to do\\s+|"
            + "task\\s+|shopping\\s+)?(?:list|tasks|todos)\\b");

    // modifiers
    private static final Pattern DUE_ISO = p("\\b(?:(?:due|by|on|for|until|before)\\s+)?(?:on\\s+)?(\\d{4}-\\d{2}-\\d{2})\\b");
    private static final Pattern DUE_DAY_AFTER = p("\\b(?:(?:due|by|on|for|until)\\s+)?(?:the\\s+)?day after tomorrow\\b");
    private static final Pattern DUE_TODAY = p("\\b(?:(?:due|by|for|until|later)\\s+)?(?:today|tonight|this evening|"
            + "this afternoon|this morning)\\b");
    private static final Pattern DUE_TOMORROW = p("\\b(?:(?:due|by|for|until)\\s+)?(?:tomorrow|tmrw|tmr)"
            + "(?:\\s+(?:morning|afternoon|evening|night))?\\b");
    private static final Pattern DUE_IN = p("\\b(?:(?:due\\s+)?in|within)\\s+(\\d{1,3}|a|an|one|two|three|four|five|six|seven|"
            + "eight|nine|ten|a couple of|a few)\\s+(days?|weeks?|months?)\\b");
    private static final Pattern DUE_WEEKDAY = p("\\b(?:(?:due|by|on|for|until|before)\\s+)?(?:(?:next|this|coming|this coming)"
            + "\\s+)?(" + WEEKDAYS + ")\\b");
    private static final Pattern DUE_NEXT = p("\\b(?:(?:due|by|for)\\s+)?next (week|month)\\b");
    private static final Pattern PRIORITY_PHRASE = p("\\s*,?\\s*\\b(?:(?:with|at|as|in|and)\\s+)?(?:a\\s+|an\\s+)?"
            + "(" + PRIORITY_WORDS + ")[- ]priority\\b");
    private static final Pattern PRIORITY_IS = p("\\s*,?\\s*\\b(?:with\\s+)?priority\\s*(?:is\\s+|of\\s+|=|:)?\\s*("
            + PRIORITY_WORDS + ")\\b");
    private static final Pattern URGENT = p("\\s*,?\\s*\\b(?:(?:it'?s|it is|this is)\\s+)?(?:very\\s+|really\\s+|super\\s+)?"
            + "(urgent|urgently|asap|important)\\b");
    private static final Pattern HASHTAG = p("(?<![\\p{L}\\p{N}])#(\\p{L}[\\p{L}\\p{N}_-]*)");
    private static final Pattern TAGGED = p("\\s*,?\\s*\\b(?:tagged(?:\\s+(?:as|with))?|tag(?:ged)?\\s+it\\s+(?:as|with)?|"
            + "with\\s+(?:the\\s+)?tags?|labell?ed(?:\\s+(?:as|with))?|under)\\s+(" + WORD + "(?:(?:\\s*,\\s*|\\s+and\\s+)"
            + WORD + ")*)");

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(Map.entry("a", 1), Map.entry("an", 1),
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
            Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("a couple of", 2), Map.entry("a few", 3));
    private static final Map<String, Integer> ORDINALS = Map.of("first", 1, "second", 2, "third", 3, "fourth", 4,
            "fifth", 5, "1st", 1, "2nd", 2, "3rd", 3, "4th", 4, "5th", 5);

    private final Clock clock;

    public IntentParser(Clock clock) {
        this.clock = clock;
    }

    public Intent parse(String message) {
        if (message == null || message.isBlank()) {
            return new Unknown("");
        }
        String s = normalize(message);
        if (s.isEmpty()) {
            return new Unknown(message);
        }
        LocalDate today = LocalDate.now(clock);
        List<Function<String, Optional<Intent>>> rules = List.of(
                this::smallTalk,
                this::pick,
                t -> update(t, today),
                this::delete,
                this::complete,
                t -> list(t, today),
                t -> add(t, today));
        for (var rule : rules) {
            Optional<Intent> intent = rule.apply(s);
            if (intent.isPresent()) {
                return intent.get();
            }
        }
        return new Unknown(message.strip());
    }

    private Optional<Intent> smallTalk(String s) {
        if (GREETING.matcher(s).matches()) {
            return Optional.of(new Greeting(false));
        }
        if (THANKS.matcher(s).matches()) {
            return Optional.of(new Greeting(true));
        }
        if (HELP.matcher(s).matches()) {
            return Optional.of(new Help());
        }
        return Optional.empty();
    }

    private Optional<Intent> pick(String s) {
        Matcher m = PICK_ID.matcher(s);
        if (m.matches()) {
            return id(m.group(1)).map(id -> new Pick(new TaskRef.ById(id)));
        }
        m = PICK_POSITION.matcher(s);
        if (m.matches()) {
            return Optional.of(new Pick(new TaskRef.ByPosition(ORDINALS.get(m.group(1).toLowerCase(Locale.ROOT)))));
        }
        return Optional.empty();
    }

    private Optional<Intent> update(String s, LocalDate today) {
        Matcher m;
        if ((m = RENAME.matcher(s)).matches() || (m = CHANGE_TITLE_OF.matcher(s)).matches()
                || (m = CHANGE_TITLE.matcher(s)).matches()) {
            String title = unquote(m.group(2));
            return ref(m.group(1)).map(r -> new UpdateTask(r, title, null, null, false, List.of()));
        }
        if ((m = SET_PRIORITY_OF.matcher(s)).matches()) {
            Priority p = priorityWord(m.group(2));
            return ref(m.group(1)).map(r -> new UpdateTask(r, null, p, null, false, List.of()));
        }
        if ((m = MAKE_PRIORITY.matcher(s)).matches()) {
            Priority p = priorityWord(m.group(2) != null ? m.group(2) : m.group(3));
            return ref(m.group(1)).map(r -> new UpdateTask(r, null, p, null, false, List.of()));
        }
        if ((m = PRIORITIZE.matcher(s)).matches()) {
            Priority p = m.group(1).toLowerCase(Locale.ROOT).startsWith("de") ? Priority.LOW : Priority.HIGH;
            return ref(m.group(2)).map(r -> new UpdateTask(r, null, p, null, false, List.of()));
        }
        if ((m = CLEAR_DUE.matcher(s)).matches()) {
            return ref(m.group(1)).map(r -> new UpdateTask(r, null, null, null, true, List.of()));
        }
        if ((m = MOVE_DUE.matcher(s)).matches()
                || (m = IS_DUE.matcher(s)).matches() && !QUESTION_WORD.matcher(m.group(1)).find()) {
            Optional<LocalDate> due = new Text("due " + m.group(2)).takeDue(today);
            if (due.isPresent()) {
                LocalDate d = due.get();
                return ref(m.group(1)).map(r -> new UpdateTask(r, null, null, d, false, List.of()));
            }
            return Optional.empty();
        }
        if ((m = TAG_WITH.matcher(s)).matches()) {
            List<String> tags = tagList(m.group(2));
            return ref(m.group(1)).map(r -> new UpdateTask(r, null, null, null, false, tags));
        }
        if ((m = ADD_TAG_TO.matcher(s)).matches()) {
            List<String> tags = tagList(m.group(1));
            return ref(m.group(2)).map(r -> new UpdateTask(r, null, null, null, false, tags));
        }
        return Optional.empty();
    }

    private Optional<Intent> delete(String s) {
        Matcher m = DELETE.matcher(s);
        if (m.matches()) {
            return ref(m.group(1)).map(DeleteTask::new);
        }
        return Optional.empty();
    }

    private Optional<Intent> complete(String s) {
        Matcher m;
        if ((m = REOPEN.matcher(s)).matches() || (m = MARK_NOT_DONE.matcher(s)).matches()) {
            return ref(m.group(1)).map(r -> new CompleteTask(r, false));
        }
        if ((m = MARK_DONE.matcher(s)).matches() || (m = COMPLETE.matcher(s)).matches()
                || (m = I_FINISHED.matcher(s)).matches() || (m = IS_DONE.matcher(s)).matches()) {
            return ref(m.group(1)).map(r -> new CompleteTask(r, true));
        }
        return Optional.empty();
    }

    private Optional<Intent> list(String s, LocalDate today) {
        boolean addy = TODO_PREFIX.matcher(s).matches() || REMIND.matcher(s).matches() || ADD.matcher(s).matches();
        boolean listy = LIST_VERB.matcher(s).matches()
                || LIST_QUESTION.matcher(s).matches() && LIST_SIGNAL.matcher(s).find()
                || LIST_NOUN.matcher(s).find() && !addy;
        if (!listy) {
            return Optional.empty();
        }
        Text t = new Text(s);
        String status = null;
        LocalDate before = null;
        LocalDate after = null;
        if (t.take(OVERDUE).isPresent()) {
            status = "pending";
            before = today;
        } else if (t.take(THIS_WEEK).isPresent()) {
            after = today.minusDays(1);
            before = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        } else {
            Optional<LocalDate> due = t.takeDue(today);
            if (due.isPresent()) {
                after = due.get().minusDays(1);
                before = due.get().plusDays(1);
            }
        }
        String text = null;
        Matcher search = SEARCH.matcher(t.value());
        Matcher about = ABOUT.matcher(t.value());
        if (about.find()) {
            text = unquote(about.group(1));
            t.cut(about.start(), about.end());
        } else if (search.matches() && !LIST_NOUN.matcher(search.group(1)).matches()) {
            text = unquote(search.group(1));
            t.cut(0, t.value().length());
        }
        String tag = null;
        List<String> hashtags = t.takeAll(HASHTAG, 1);
        Optional<Matcher> tagged = t.take(TAGGED);
        if (!hashtags.isEmpty()) {
            tag = hashtags.getFirst();
        } else if (tagged.isPresent()) {
            tag = tagList(tagged.get().group(1)).getFirst();
        }
        if (status == null && t.find(PENDING_WORDS)) {
            status = "pending";
        } else if (status == null && t.find(COMPLETED_WORDS)) {
            status = "completed";
        }
        Priority priority = null;
        Matcher pm = LIST_PRIORITY.matcher(t.value());
        if (pm.find()) {
            priority = priorityWord(pm.group(1));
        }
        if (tag == null) {
            Matcher mx = MY_X_TASKS.matcher(t.value());
            if (mx.find() && !NOT_TAGS.contains(mx.group(1).toLowerCase(Locale.ROOT))) {
                tag = mx.group(1).toLowerCase(Locale.ROOT);
            }
        }
        if (before != null && status == null && after != null) {
            status = "pending";
        }
        return Optional.of(new ListTasks(status, priority, tag, text, before, after));
    }

    private Optional<Intent> add(String s, LocalDate today) {
        Matcher m;
        String rest;
        if ((m = TODO_PREFIX.matcher(s)).matches() || (m = REMIND.matcher(s)).matches()
                || (m = ADD.matcher(s)).matches()) {
            rest = m.group(1);
        } else {
            return Optional.empty();
        }
        Text t = new Text(rest);
        String quoted = quoted(rest);
        LocalDate due = t.takeDue(today).orElse(null);
        Priority priority = t.take(PRIORITY_PHRASE).or(() -> t.take(PRIORITY_IS)).or(() -> t.take(URGENT))
                .map(x -> priorityWord(x.group(1))).orElse(null);
        List<String> tags = new ArrayList<>(t.takeAll(HASHTAG, 1).stream().map(x -> x.toLowerCase(Locale.ROOT)).toList());
        t.take(TAGGED).ifPresent(x -> tags.addAll(tagList(x.group(1))));
        t.take(TO_MY_LIST);
        String title = quoted != null ? quoted : cleanTitle(t.value());
        if (title.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AddTask(title, priority, List.copyOf(new LinkedHashSet<>(tags)), due));
    }

    /** A task reference: "task 3", "#3", "'buy milk'", "the milk task", "the task about milk", "the second one". */
    private Optional<TaskRef> ref(String raw) {
        String s = raw.strip();
        String q = quoted(s);
        if (q != null) {
            return q.isBlank() ? Optional.empty() : Optional.of(new TaskRef.ByTitle(q));
        }
        Matcher m = p("^(?:the\\s+|my\\s+)?(?:task|todo|to-do|item|number|no\\.?|id)?\\s*(?:number\\s+|no\\.?\\s*)?#?(\\d{1,18})$")
                .matcher(s);
        if (m.matches()) {
            return id(m.group(1)).map(TaskRef.ById::new);
        }
        m = PICK_POSITION.matcher(s);
        if (m.matches()) {
            return Optional.of(new TaskRef.ByPosition(ORDINALS.get(m.group(1).toLowerCase(Locale.ROOT))));
        }
        m = p("^(?:the\\s+|my\\s+)?(?:task|todo|to-do|item|one|reminder)\\s+(?:about|called|named|titled|for|with|to)\\s+(.+)$")
                .matcher(s);
        if (m.matches()) {
            return title(m.group(1));
        }
        m = p("^(?:the\\s+|my\\s+|that\\s+)?(.+?)\\s+(?:task|todo|to-do|item|one|reminder|thing)$").matcher(s);
        if (m.matches()) {
            return title(m.group(1));
        }
        m = p("^(?:the\\s+|my\\s+)(.+)$").matcher(s);
        if (m.matches()) {
            return title(m.group(1));
        }
        return title(s);
    }

    private static Optional<TaskRef> title(String fragment) {
        String f = fragment.strip();
        if (f.isEmpty() || f.matches("(?i)it|that|this|them|everything|all|all of them|all tasks|my tasks|tasks")) {
            return Optional.empty();
        }
        return Optional.of(new TaskRef.ByTitle(f));
    }

    private static Optional<Long> id(String digits) {
        try {
            long id = Long.parseLong(digits);
            return id > 0 ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Priority priorityWord(String w) {
        return switch (w.toLowerCase(Locale.ROOT)) {
            case "high", "top", "urgent", "urgently", "asap", "important" -> Priority.HIGH;
            case "low" -> Priority.LOW;
            default -> Priority.MEDIUM;
        };
    }

    private static List<String> tagList(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split("\\s*,\\s*|\\s+and\\s+|\\s+")) {
            String tag = part.strip().replaceFirst("^#", "").toLowerCase(Locale.ROOT);
            if (!tag.isEmpty() && !out.contains(tag)) {
                out.add(tag);
            }
        }
        return out;
    }

    private static String cleanTitle(String s) {
        String t = s.strip()
                .replaceFirst("(?i)^(?:please\\s+|to\\s+|that\\s+i\\s+(?:need|have)\\s+to\\s+)", "")
                .replaceFirst("(?i)\\s*(?:,?\\s*please|for me|,\\s*thanks|,\\s*thank you)$", "")
                .replaceFirst("(?i)\\s+(?:and|with|,)$", "")
                .strip();
        t = unquote(t);
        return t.replaceAll("\\s+", " ").replaceFirst("[\\s,;:-]+$", "").strip();
    }

    private static String quoted(String s) {
        Matcher m = Pattern.compile("\"([^\"]+)\"|(?<![\\p{L}])'([^']+)'(?![\\p{L}])").matcher(s);
        if (m.find()) {
            return (m.group(1) != null ? m.group(1) : m.group(2)).strip();
        }
        return null;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static String normalize(String message) {
        return message.strip()
                .replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201C', '"').replace('\u201D', '"')
                .replaceAll("\\s+", " ")
                .replaceFirst("^(?i)(?:please|pls|plz|ok|okay|so|now|and|also|can you|could you|would you|"
                        + "will you)[,\\s]+(?:please[,\\s]+)?", "")
                .replaceFirst("^(?i)(?:can you|could you|would you|will you)\\s+(?:please\\s+)?", "")
                .replaceFirst("[\\s.!?]+$", "")
                .replaceFirst("(?i)[,\\s]+please$", "")
                .strip();
    }

    private static Pattern p(String regex) {
        return Pattern.compile(regex, FLAGS);
    }

    /** The text being taken apart: each {@code take} cuts the matched phrase out. */
    private static final class Text {
        private String value;

        Text(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }

        boolean find(Pattern p) {
            return p.matcher(value).find();
        }

        Optional<Matcher> take(Pattern p) {
            Matcher m = p.matcher(value);
            if (!m.find()) {
                return Optional.empty();
            }
            cut(m.start(), m.end());
            return Optional.of(m);
        }

        List<String> takeAll(Pattern p, int group) {
            List<String> out = new ArrayList<>();
            Optional<Matcher> m;
            while ((m = take(p)).isPresent()) {
                out.add(m.get().group(group));
            }
            return out;
        }

        void cut(int start, int end) {
            value = (value.substring(0, start) + " " + value.substring(end)).replaceAll("\\s+", " ").strip();
        }

        Optional<LocalDate> takeDue(LocalDate today) {
            Optional<Matcher> m;
            if ((m = take(DUE_ISO)).isPresent()) {
                try {
                    return Optional.of(LocalDate.parse(m.get().group(1)));
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            }
            if (take(DUE_DAY_AFTER).isPresent()) {
                return Optional.of(today.plusDays(2));
            }
            if (take(DUE_TODAY).isPresent()) {
                return Optional.of(today);
            }
            if (take(DUE_TOMORROW).isPresent()) {
                return Optional.of(today.plusDays(1));
            }
            if ((m = take(DUE_IN)).isPresent()) {
                String n = m.get().group(1).toLowerCase(Locale.ROOT);
                int count = n.chars().allMatch(Character::isDigit) ? Integer.parseInt(n) : NUMBERS.get(n);
                String unit = m.get().group(2).toLowerCase(Locale.ROOT);
                return Optional.of(unit.startsWith("day") ? today.plusDays(count)
                        : unit.startsWith("week") ? today.plusWeeks(count) : today.plusMonths(count));
            }
            if ((m = take(DUE_WEEKDAY)).isPresent()) {
                DayOfWeek day = DayOfWeek.valueOf(m.get().group(1).toUpperCase(Locale.ROOT));
                return Optional.of(today.with(TemporalAdjusters.next(day)));
            }
            if ((m = take(DUE_NEXT)).isPresent()) {
                return Optional.of(m.get().group(1).equalsIgnoreCase("week") ? today.plusWeeks(1)
                        : today.plusMonths(1));
            }
            return Optional.empty();
        }
    }
}
