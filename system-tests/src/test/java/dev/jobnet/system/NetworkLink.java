package dev.jobnet.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network between an agent and the engine app, as a loopback TCP proxy the test can cut: at
 * once ({@link #cut()}), or at an exact point of the protocol, when a request whose first line
 * contains given text goes out ({@link #cutAtRequest}); that request is dropped, every connection
 * closed, and new ones refused until {@link #restore()}.
 */
final class NetworkLink implements AutoCloseable {

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private volatile boolean cut;
  private volatile String cutAtRequest;
  private volatile boolean closed;

  NetworkLink(String host, int port) throws IOException {
    target = new InetSocketAddress(host, port);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "network-link");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  synchronized void cut() {
    cut = true;
    cuts.incrementAndGet();
    open.forEach(NetworkLink::close);
    open.clear();
  }

  void restore() {
    cut = false;
  }

  /** Cuts the link when a request line containing {@code text} is sent (once). */
  void cutAtRequest(String text) {
    cutAtRequest = text;
  }

  boolean isCut() {
    return cut;
  }

  int cuts() {
    return cuts.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (cut) {
          close(client);
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        open.add(client);
        open.add(upstream);
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
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
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // cut or closed
      } finally {
        close(from);
        close(to);
        open.remove(from);
        open.remove(to);
      }
    }, "network-link-pump");
    t.setDaemon(true);
    t.start();
  }

  private static String firstLine(byte[] b, int n) {
    String s = new String(b, 0, Math.min(n, 512), StandardCharsets.ISO_8859_1);
    int end = s.indexOf('\r');
    return end < 0 ? s : s.substring(0, end);
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    cut();
    server.close();
  }
}
