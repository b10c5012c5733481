package dev.todoctl.cli.ops;

import java.util.Set;

/** One doctor line: what was checked, the outcome, and the fix when it is not OK. */
public record Check(String name, Status status, String detail, String fix, Set<String> neededBy) {
    public enum Status { OK, WARN, FAIL }

    public static Check ok(String name, String detail, Set<String> neededBy) {
        return new Check(name, Status.OK, detail, "", neededBy);
    }

    public static Check fail(String name, String detail, String fix, Set<String> neededBy) {
        return new Check(name, Status.FAIL, detail, fix, neededBy);
    }

    public static Check warn(String name, String detail, String fix) {
        return new Check(name, Status.WARN, detail, fix, Set.of());
    }

    /** A failed check that the given target needs. */
    public boolean blocks(String target) {
        return status == Status.FAIL && neededBy.contains(target);
    }
}
