package dev.todoctl.scenarios;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the set-up phase before the ramp did, apart from the measured load: how many users it prepared, how long it
 * took and with how many requests at a time; of the users, how many signed up, logged in (their cached token had
 * expired or was missing) or reused a cached token without any password check; the tasks it seeded and the ones it
 * removed (left by an earlier run of reused users); the users it could not prepare and the first reasons why.
 * {@link #NONE} when there was no set-up phase (users sign up inside the load).
 */
public record SetupPhase(int users, Duration elapsed, int concurrency, int prepared, int signedUp, int loggedIn, int reused,
                         long seeded, long removed, int failed, List<String> errors, boolean stopped) {

    public static final SetupPhase NONE = new SetupPhase(0, Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), false);

    public SetupPhase {
        errors = List.copyOf(errors);
    }

    /** Whether every user got an account and its seed tasks: only then does the load start. */
    public boolean complete() {
        return prepared == users && !stopped;
    }

    /**
     * Two generators' set-up phases as one: counts add up, the phase took as long as the slower one (they ran side
     * by side), a few of each one's errors are kept.
     */
    public SetupPhase plus(SetupPhase o) {
        List<String> both = new ArrayList<>(errors);
        both.addAll(o.errors);
        return new SetupPhase(users + o.users, elapsed.compareTo(o.elapsed) >= 0 ? elapsed : o.elapsed, concurrency + o.concurrency,
                prepared + o.prepared, signedUp + o.signedUp, loggedIn + o.loggedIn, reused + o.reused, seeded + o.seeded,
                removed + o.removed, failed + o.failed, both.subList(0, Math.min(both.size(), 10)), stopped || o.stopped);
    }

    String toText() {
        Properties p = new Properties();
        p.setProperty("users", String.valueOf(users));
        p.setProperty("elapsedMillis", String.valueOf(elapsed.toMillis()));
        p.setProperty("concurrency", String.valueOf(concurrency));
        p.setProperty("prepared", String.valueOf(prepared));
        p.setProperty("signedUp", String.valueOf(signedUp));
        p.setProperty("loggedIn", String.valueOf(loggedIn));
        p.setProperty("reused", String.valueOf(reused));
        p.setProperty("seeded", String.valueOf(seeded));
        p.setProperty("removed", String.valueOf(removed));
        p.setProperty("failed", String.valueOf(failed));
        p.setProperty("stopped", String.valueOf(stopped));
        for (int i = 0; i < errors.size(); i++) {
            p.setProperty("error." + i, errors.get(i));
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static SetupPhase fromText(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; p.containsKey("error." + i); i++) {
            errors.add(p.getProperty("error." + i));
        }
        return new SetupPhase(i(p, "users"), Duration.ofMillis(Long.parseLong(p.getProperty("elapsedMillis", "0"))), i(p, "concurrency"),
                i(p, "prepared"), i(p, "signedUp"), i(p, "loggedIn"), i(p, "reused"), Long.parseLong(p.getProperty("seeded", "0")),
                Long.parseLong(p.getProperty("removed", "0")), i(p, "failed"), errors, Boolean.parseBoolean(p.getProperty("stopped")));
    }

    private static int i(Properties p, String key) {
        return Integer.parseInt(p.getProperty(key, "0"));
    }
}
