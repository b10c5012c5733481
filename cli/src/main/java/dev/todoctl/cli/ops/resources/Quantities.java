package dev.todoctl.cli.ops.resources;

import dev.todoctl.cli.outcome.TodoctlException;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Parsing (with a usage error for bad input), comparing and printing fabric8 {@link Quantity} values. */
public final class Quantities {
    private static final BigDecimal MI = BigDecimal.valueOf(1L << 20);
    private static final BigDecimal GI = BigDecimal.valueOf(1L << 30);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {
    }

    /** A positive quantity from user input, e.g. {@code 4}, {@code 3500m}, {@code 16Gi}. */
    public static Quantity parsePositive(String option, String text) {
        try {
            Quantity q = Quantity.parse(text.strip());
            if (value(q).signum() > 0) {
                return q;
            }
        } catch (RuntimeException e) {
            // not a quantity: reported below
        }
        throw TodoctlException.usage(option + " '" + text + "' is not a positive Kubernetes quantity",
                "write it as Kubernetes does: --cluster-cpus 4 (or 3500m), --cluster-memory 16Gi (or 16000M)");
    }

    /** The amount in base units (cores, bytes). */
    public static BigDecimal value(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    public static int compare(Quantity a, Quantity b) {
        return value(a).compareTo(value(b));
    }

    public static Quantity max(Quantity a, Quantity b) {
        return a == null ? b : b == null ? a : compare(a, b) >= 0 ? a : b;
    }

    /** {@code 250m}, {@code 1.5} (cores). */
    public static String cpu(Quantity q) {
        if (q == null) {
            return "-";
        }
        BigDecimal cores = value(q);
        if (cores.compareTo(BigDecimal.ONE) < 0) {
            return cores.multiply(THOUSAND).setScale(0, RoundingMode.UP).toPlainString() + "m";
        }
        return cores.setScale(3, RoundingMode.UP).stripTrailingZeros().toPlainString();
    }

    /** {@code 384Mi}, {@code 1.5Gi}. */
    public static String memory(Quantity q) {
        if (q == null) {
            return "-";
        }
        BigDecimal bytes = value(q);
        if (bytes.compareTo(GI) >= 0) {
            return bytes.divide(GI, 2, RoundingMode.UP).stripTrailingZeros().toPlainString() + "Gi";
        }
        return bytes.divide(MI, 0, RoundingMode.UP).toPlainString() + "Mi";
    }
}
