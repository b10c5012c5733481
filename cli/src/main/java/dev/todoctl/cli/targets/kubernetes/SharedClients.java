package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * In the todoctl daemon, one fabric8 client per distinct connection is kept from one command to the next, so a warm
 * {@code status} neither sets up TLS material again (key store, key managers, SSL context) nor handshakes with the API
 * server: its connections stay open in the JDK HTTP client's pool. Commands get a view of the shared client whose
 * {@code close()} does nothing. The key is a digest of everything the connection is made of — server, credentials
 * (and the modification times of credential files), proxies, timeouts — so a changed kubeconfig, a rotated
 * certificate or a new token makes a new client. Clients idle for {@link #IDLE} are closed, at most {@link #MAX} kept.
 *
 * <p>Off unless {@link #enable()} was called: a todoctl that runs one command builds and closes its clients as
 * before. fabric8's clients are made to be shared between threads; the daemon only runs read-only commands, which
 * open no watch or informer that a real {@code close()} would have to end.
 */
public final class SharedClients {
    static final Duration IDLE = Duration.ofMinutes(10);
    static final int MAX = 8;

    private static volatile boolean enabled;
    private static final Map<String, Kept> KEPT = new LinkedHashMap<>(16, 0.75f, true);

    private record Kept(KubernetesClient client, long lastUsed) {
    }

    private SharedClients() {
    }

    /** For the daemon: from now on clients are shared between commands. */
    public static void enable() {
        enabled = true;
    }

    static boolean enabled() {
        return enabled;
    }

    /** {@code build} itself when sharing is off; else the kept client for this connection (built once). */
    static KubernetesClient get(Config config, Supplier<KubernetesClient> build) {
        if (!enabled) {
            return build.get();
        }
        String key = key(config);
        KubernetesClient shared;
        synchronized (KEPT) {
            long now = System.nanoTime();
            for (Iterator<Map.Entry<String, Kept>> it = KEPT.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Kept> e = it.next();
                if (now - e.getValue().lastUsed() > IDLE.toNanos() || KEPT.size() > MAX) {
                    e.getValue().client().close();
                    it.remove();
                }
            }
            Kept kept = KEPT.get(key);
            shared = kept != null ? kept.client() : build.get();
            KEPT.put(key, new Kept(shared, now));
        }
        return unclosable(shared);
    }

    /** How many clients are kept (for tests). */
    static int kept() {
        synchronized (KEPT) {
            return KEPT.size();
        }
    }

    /** Back to building a client per command (tests). */
    static void disable() {
        enabled = false;
        synchronized (KEPT) {
            KEPT.values().forEach(k -> k.client().close());
            KEPT.clear();
        }
    }

    private static KubernetesClient unclosable(KubernetesClient shared) {
        return (KubernetesClient) Proxy.newProxyInstance(KubernetesClient.class.getClassLoader(),
                new Class<?>[]{KubernetesClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A digest (secrets are not kept as keys) of what the connection is made of. */
    static String key(Config c) {
        List<Object> parts = List.of(
                Objects.toString(c.getMasterUrl()), Objects.toString(c.getNamespace()),
                c.isTrustCerts(), c.isDisableHostnameVerification(),
                file(c.getCaCertFile()), Objects.toString(c.getCaCertData()),
                file(c.getClientCertFile()), Objects.toString(c.getClientCertData()),
                file(c.getClientKeyFile()), Objects.toString(c.getClientKeyData()),
                Objects.toString(c.getClientKeyAlgo()), Objects.toString(c.getClientKeyPassphrase()),
                Objects.toString(c.getUsername()), Objects.toString(c.getPassword()),
                Objects.toString(c.getOauthToken()), Objects.toString(c.getImpersonateUsername()),
                Objects.toString(c.getImpersonateGroups() == null ? null : List.of(c.getImpersonateGroups())),
                c.getConnectionTimeout(), c.getRequestTimeout(), c.getRequestRetryBackoffLimit(), c.isHttp2Disable(),
                Objects.toString(c.getHttpProxy()), Objects.toString(c.getHttpsProxy()),
                Objects.toString(c.getNoProxy() == null ? null : List.of(c.getNoProxy())),
                Objects.toString(c.getProxyUsername()), Objects.toString(c.getProxyPassword()),
                Objects.toString(c.getAuthProvider()),
                c.getCurrentContext() == null ? "" : Objects.toString(c.getCurrentContext().getName()),
                c.getFile() == null ? "" : file(c.getFile().getPath()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parts.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String file(String path) {
        if (path == null) {
            return "";
        }
        File f = new File(path);
        return path + "@" + f.length() + "/" + f.lastModified();
    }
}
