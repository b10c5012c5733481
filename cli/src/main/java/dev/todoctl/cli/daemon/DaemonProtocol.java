package dev.todoctl.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What client and daemon say over the socket. The client sends one request; the daemon answers with frames — a type
 * byte, a length and that many bytes — until an {@link #EXIT} or {@link #DECLINE} frame ends the conversation. Both
 * sides are one build (the socket's name is derived from it, see {@link DaemonPlace}), so there is no negotiation;
 * the version only guards against a stray process on the socket.
 */
public final class DaemonProtocol {
    static final int VERSION = 1;

    /** Request kinds. */
    static final byte RUN = 'R';
    static final byte STATUS = 'S';
    static final byte STOP = 'Q';

    /** Answer frames. */
    static final byte OUT = 'o';
    static final byte ERR = 'e';
    /** Ends the answer; its 4 bytes are the exit code. */
    static final byte EXIT = 'x';
    /** Ends the answer without having run anything: the client runs the command in a JVM of its own instead. */
    static final byte DECLINE = 'd';

    /** Longest frame or string accepted: a bound for a corrupt or hostile peer, far above any real request. */
    static final int MAX = 16 * 1024 * 1024;

    private DaemonProtocol() {
    }

    /**
     * One command line as the client's process would have run it: its arguments, working directory, home, whether
     * its standard output is a terminal, the encoding its output would have used, and its whole environment.
     */
    public record Request(byte kind, List<String> args, String cwd, String home, boolean tty, String encoding,
                          Map<String, String> env) {
        public Request {
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }

        static Request of(byte kind) {
            return new Request(kind, List.of(), "/", "/", false, "UTF-8", Map.of());
        }

        void write(DataOutputStream out) throws IOException {
            out.writeInt(VERSION);
            out.writeByte(kind);
            out.writeInt(args.size());
            for (String a : args) {
                string(out, a);
            }
            string(out, cwd);
            string(out, home);
            out.writeBoolean(tty);
            string(out, encoding);
            out.writeInt(env.size());
            for (var e : env.entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue());
            }
            out.flush();
        }

        static Request read(DataInputStream in) throws IOException {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("protocol version " + version + ", expected " + VERSION);
            }
            byte kind = in.readByte();
            List<String> args = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                args.add(string(in));
            }
            String cwd = string(in);
            String home = string(in);
            boolean tty = in.readBoolean();
            String encoding = string(in);
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = count(in); i > 0; i--) {
                env.put(string(in), string(in));
            }
            return new Request(kind, args, cwd, home, tty, encoding, env);
        }
    }

    static void frame(DataOutputStream out, byte type, byte[] data, int offset, int length) throws IOException {
        out.writeByte(type);
        out.writeInt(length);
        out.write(data, offset, length);
        out.flush();
    }

    static void exit(DataOutputStream out, int code) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(code);
        out.flush();
    }

    static void decline(DataOutputStream out, String why) throws IOException {
        byte[] text = why.getBytes(StandardCharsets.UTF_8);
        frame(out, DECLINE, text, 0, text.length);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX) {
            throw new IOException("string of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("count " + n);
        }
        return n;
    }

    /** Reads one frame's payload after its type byte; EOF before a full frame is an IOException. */
    static byte[] payload(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX) {
            throw new IOException("frame of " + n + " bytes");
        }
        byte[] data = in.readNBytes(n);
        if (data.length != n) {
            throw new EOFException("frame cut short");
        }
        return data;
    }
}
