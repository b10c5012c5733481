package dev.todoctl.cli.platform;

/** NIO's selector provider named up front, for the JVMs todoctl starts (the command, the daemon and its client). */
public final class SelectorProviderName {
    private SelectorProviderName() {
    }

    /**
     * Names NIO's selector provider on Linux, as the {@code java.nio.channels.spi.SelectorProvider} property does:
     * without it the first socket channel (the Docker engine's Unix socket, for {@code status} and {@code doctor})
     * makes the JDK look for a provider service in every jar of the class path — 114 jars opened. The class named is the one the JDK falls back to on Linux, and only when this JDK
     * has it; a user's own setting of the property stays.
     */
    public static void set() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String linuxDefault = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) != null || !System.getProperty("os.name", "").startsWith("Linux")) {
            return;
        }
        try {
            Class.forName(linuxDefault, false, null);
            System.setProperty(property, linuxDefault);
        } catch (ClassNotFoundException e) {
            // another JDK: the look-up happens as it would anyway
        }
    }
}
