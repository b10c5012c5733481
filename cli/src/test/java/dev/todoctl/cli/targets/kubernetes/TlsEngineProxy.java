package dev.todoctl.cli.targets.kubernetes;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS endpoint in front of the real Docker engine's Unix socket, as minikube's engine is reached (tcp, port 2376,
 * client certificates): certificates made here (a CA, a server certificate for 127.0.0.1, a client certificate
 * written as {@code ca.pem}, {@code cert.pem}, {@code key.pem} like minikube's {@code certs/}), a server socket that
 * accepts only clients with a certificate of that CA, and each connection piped to the engine. Counts the TLS
 * sessions it served, so a test can tell that traffic went through it.
 */
final class TlsEngineProxy implements AutoCloseable {
    private final SSLServerSocket server;
    private final Path socket;
    private final AtomicInteger sessions = new AtomicInteger();
    private final Thread acceptor;

    private TlsEngineProxy(SSLServerSocket server, Path socket) {
        this.server = server;
        this.socket = socket;
        this.acceptor = Thread.ofVirtual().name("tls-engine-proxy").start(this::acceptLoop);
    }

    /** Writes the client's material into {@code certDir} and listens on a free 127.0.0.1 port. */
    static TlsEngineProxy start(Path engineSocket, Path certDir) throws IOException, GeneralSecurityException {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair caKeys = rsa.generateKeyPair();
            X509Certificate ca = certificate("CN=todoctl-test-ca", caKeys, "CN=todoctl-test-ca", caKeys.getPrivate(), true, null);
            KeyPair serverKeys = rsa.generateKeyPair();
            X509Certificate serverCert = certificate("CN=127.0.0.1", serverKeys, "CN=todoctl-test-ca", caKeys.getPrivate(),
                    false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            KeyPair clientKeys = rsa.generateKeyPair();
            X509Certificate clientCert = certificate("CN=todoctl-test-client", clientKeys, "CN=todoctl-test-ca",
                    caKeys.getPrivate(), false, null);
            Files.createDirectories(certDir);
            pem(certDir.resolve("ca.pem"), ca);
            pem(certDir.resolve("cert.pem"), clientCert);
            pem(certDir.resolve("key.pem"), clientKeys.getPrivate());

            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", serverKeys.getPrivate(), new char[0], new X509Certificate[] {serverCert, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            server.setNeedClientAuth(true);
            return new TlsEngineProxy(server, engineSocket);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    int sessions() {
        return sessions.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                Thread.ofVirtual().start(() -> pipe(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(SSLSocket client) {
        try (client; SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            client.startHandshake();
            sessions.incrementAndGet();
            InputStream fromEngine = Channels.newInputStream(engine);
            OutputStream toEngine = Channels.newOutputStream(engine);
            Thread back = Thread.ofVirtual().start(() -> copy(fromEngine, client));
            copy(client.getInputStream(), toEngine);
            engine.shutdownOutput();
            back.join(Duration.ofSeconds(30));
        } catch (IOException e) {
            // a client that fails the handshake (no or a foreign certificate) or goes away: its connection ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            // the other side closed
        }
    }

    private static void copy(InputStream in, SSLSocket client) {
        try {
            copy(in, client.getOutputStream());
        } catch (IOException e) {
            // closed
        }
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey signer, boolean ca,
                                               GeneralNames altNames)
            throws IOException, GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name(subject), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }

    private static void pem(Path file, Object object) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
