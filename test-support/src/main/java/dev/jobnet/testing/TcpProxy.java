package dev.jobnet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of a real server, for tests that cut the network: between
 * the engine app and PostgreSQL, or between an agent and the engine app. The test cuts it at once
 * ({@link #cut()}), or at an exact point of an HTTP protocol, when a request whose first line contains
 * given text goes out ({@link #cutAtRequest}; that request is dropped). While cut, every open
 * connection is closed and new ones are refused at once (closed on accept), until {@link #restore()}.
 *
 * <p>Or it becomes a black hole ({@link #blackHole()}), as a dead switch or a firewall that drops
 * packets: connections stay open and new ones are accepted, but nothing goes through in either
 * direction, and nobody is told; the peers notice only through their own timeouts. What was sent
 * meanwhile goes through once the link is restored, as TCP retransmits it (unless its sender closed
 * the connection first).
 */
public final class TcpProxy implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  /** How much of a request's first read is searched for its first line. */
  private static final int FIRST_LINE_MAX = 512;

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private volatile boolean cut;
  private final Object flow = new Object();
  private volatile boolean blackHole;
  private volatile String cutAtRequest;
  private volatile String blackHoleAtRequest;
  private volatile String cutAtResponse;
  private volatile String blackHoleAtResponse;
  private volatile boolean closed;

  /** A proxy to {@code host:port}, listening at once on a free loopback port ({@link #port()}). */
  public TcpProxy(String host, int port) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The loopback port to connect to instead of the target's. */
  public int port() {
    return server.getLocalPort();
  }

  /** Closes every connection and refuses new ones until {@link #restore()}. */
  public synchronized void cut() {
    cut = true;
    cuts.incrementAndGet();
    // The connections open now, taken before any is closed: a client that sees its connection close
    // may restore the proxy and connect again while this runs, and that new connection is not cut.
    List<Socket> now = new ArrayList<>(open);
    open.removeAll(now);
    for (Socket s : now) {
      closeQuietly(s);
    }
  }

  /** Stops forwarding in both directions without closing anything, until {@link #restore()}. */
  public void blackHole() {
    blackHole = true;
  }

  public boolean isBlackHole() {
    return blackHole;
  }

  /** Lets connections through again. */
  public void restore() {
    cut = false;
    synchronized (flow) {
      blackHole = false;
      flow.notifyAll();
    }
  }

  /** Waits while the link is a black hole; false when the proxy closed meanwhile. */
  private boolean awaitFlow() {
    synchronized (flow) {
      while (blackHole && !closed) {
        try {
          flow.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return !closed;
  }

  /**
   * Cuts the proxy (once) when a client sends a request whose first line contains {@code text}, for
   * example {@code "/start"}: that request never reaches the target.
   */
  public void cutAtRequest(String text) {
    cutAtRequest = text;
  }

  /**
   * Turns the proxy into a black hole (once) when a client sends a request whose first line contains
   * {@code text}: that request is held, and goes through only once the link is restored.
   */
  public void blackHoleAtRequest(String text) {
    blackHoleAtRequest = text;
  }

  /**
   * Cuts the proxy (once) when the target answers with bytes that contain {@code text} (searched in
   * each read of the answer, as ISO-8859-1): that answer never reaches the client, though the target
   * did its work.
   */
  public void cutAtResponse(String text) {
    cutAtResponse = text;
  }

  /**
   * Turns the proxy into a black hole (once) when the target answers with bytes that contain {@code
   * text}: that answer is held, and goes on only once the link is restored (to a client that may have
   * given up on it).
   */
  public void blackHoleAtResponse(String text) {
    blackHoleAtResponse = text;
  }

  public boolean isCut() {
    return cut;
  }

  /** How often the proxy was cut so far, by the test or at a request. */
  public int cuts() {
    return cuts.get();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed || server.isClosed()) {
          return;
        }
        continue;
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      if (!awaitFlow()) { // a new connection into a black hole: accepted, and nothing answers
        closeQuietly(client);
        return;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        closeQuietly(upstream);
        closeQuietly(client);
        continue;
      }
      synchronized (this) { // with cut(): a connection is either refused or closed by the next cut
        if (cut) {
          closeQuietly(upstream);
          closeQuietly(client);
          continue;
        }
        open.add(client);
        open.add(upstream);
      }
      pump(client, upstream, true);
      pump(upstream, client, false);
    }
  }

  private void pump(Socket from, Socket to, boolean requests) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          String watch = cutAtRequest;
          if (requests && watch != null && firstLine(buffer, n).contains(watch)) {
            cutAtRequest = null;
            cut();
            return;
          }
          String hole = blackHoleAtRequest;
          if (requests && hole != null && firstLine(buffer, n).contains(hole)) {
            blackHoleAtRequest = null;
            blackHole();
          }
          String answer = cutAtResponse;
          if (!requests && answer != null && contains(buffer, n, answer)) {
            cutAtResponse = null;
            cut();
            return;
          }
          String answerHole = blackHoleAtResponse;
          if (!requests && answerHole != null && contains(buffer, n, answerHole)) {
            blackHoleAtResponse = null;
            blackHole();
          }
          if (!awaitFlow()) {
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // cut, or closed by a peer
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static boolean contains(byte[] b, int n, String text) {
    return new String(b, 0, n, StandardCharsets.ISO_8859_1).contains(text);
  }

  private static String firstLine(byte[] b, int n) {
    String s = new String(b, 0, Math.min(n, FIRST_LINE_MAX), StandardCharsets.ISO_8859_1);
    int end = s.indexOf('\r');
    return end < 0 ? s : s.substring(0, end);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closed already
    }
  }

  /** Closes every connection and the listening port. */
  @Override
  public void close() throws IOException {
    closed = true;
    restore();
    cut();
    server.close();
  }
}
