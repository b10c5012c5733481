package dev.todoctl.cli.ops.images;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image sizes as Docker shows them: decimal units (1 MB = 1,000,000 bytes, what `docker images` prints), and the
 * binary ones (MiB) accepted as input too.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Long> UNITS = Map.ofEntries(Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1_000L), Map.entry("kb", 1_000L), Map.entry("m", 1_000_000L), Map.entry("mb", 1_000_000L),
            Map.entry("g", 1_000_000_000L), Map.entry("gb", 1_000_000_000L),
            Map.entry("t", 1_000_000_000_000L), Map.entry("tb", 1_000_000_000_000L),
            Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("gi", 1L << 30), Map.entry("gib", 1L << 30), Map.entry("ti", 1L << 40), Map.entry("tib", 1L << 40));

    private ByteSize() {
    }

    /** "250MB", "1.5GB", "300MiB", "1000000" → bytes; empty when the text is not a size. */
    public static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long unit = UNITS.get(m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT));
        return Optional.of(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue());
    }

    /** 139123456 → "139MB", as `docker images` rounds. */
    public static String format(long bytes) {
        if (bytes < 1_000) {
            return bytes + "B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int i = -1;
        while (value >= 1000 && i < units.length - 1) {
            value /= 1000;
            i++;
        }
        return BigDecimal.valueOf(value).round(new MathContext(3)).stripTrailingZeros().toPlainString() + units[i];
    }
}
