package dev.jobnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of an echo server on loopback: through, cut, restored, cut at a request. */
class TcpProxyTest {

  private EchoServer echo;
  private TcpProxy proxy;

  @BeforeEach
  void anEchoServerBehindAProxy() throws IOException {
    echo = new EchoServer();
    proxy = new TcpProxy("127.0.0.1", echo.port());
  }

  @AfterEach
  void close() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void bytesGoThroughBothWays() throws IOException {
    // given
    try (Socket s = connect()) {
      // when
      send(s, "hello\r\n");
      // then
      assertThat(receive(s, 7)).isEqualTo("hello\r\n");
      assertThat(proxy.isCut()).isFalse();
      assertThat(proxy.cuts()).isZero();
    }
  }

  @Test
  void aCutClosesOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
    // given
    try (Socket before = connect()) {
      send(before, "one\r\n");
      assertThat(receive(before, 5)).isEqualTo("one\r\n");
      // when
      proxy.cut();
      // then: the open connection is closed, a new one is closed on accept
      assertThat(closedByPeer(before)).as("open connection closed by the cut").isTrue();
      try (Socket during = connect()) {
        assertThat(closedByPeer(during)).as("new connection while cut").isTrue();
      }
      assertThat(proxy.isCut()).isTrue();
      assertThat(proxy.cuts()).isOne();
    }
    // when
    proxy.restore();
    // then
    try (Socket after = connect()) {
      send(after, "two\r\n");
      assertThat(receive(after, 5)).isEqualTo("two\r\n");
    }
  }

  @Test
  void aCutAtARequestDropsThatRequestAndCuts() throws IOException {
    // given
    proxy.cutAtRequest("/start");
    try (Socket s = connect()) {
      send(s, "GET /other HTTP/1.1\r\n\r\n");
      assertThat(receive(s, 23)).isEqualTo("GET /other HTTP/1.1\r\n\r\n");
      // when
      send(s, "POST /jobs/1/start HTTP/1.1\r\n\r\n");
      // then: the request never reached the server, and the proxy is cut
      assertThat(closedByPeer(s)).as("connection closed at the request").isTrue();
    }
    assertThat(proxy.isCut()).isTrue();
    assertThat(proxy.cuts()).isOne();
    assertThat(echo.received()).isEqualTo("GET /other HTTP/1.1\r\n\r\n");
    // when: restored, the same request goes through (the cut happens once)
    proxy.restore();
    try (Socket s = connect()) {
      send(s, "POST /jobs/1/start HTTP/1.1\r\n\r\n");
      assertThat(receive(s, 31)).isEqualTo("POST /jobs/1/start HTTP/1.1\r\n\r\n");
    }
  }

  @Test
  void aBlackHoleKeepsConnectionsOpenAndSilentUntilRestoredThenWhatWasSentGoesThrough() throws IOException {
    // given
    try (Socket before = connect()) {
      send(before, "one\r\n");
      assertThat(receive(before, 5)).isEqualTo("one\r\n");
      // when
      proxy.blackHole();
      send(before, "two\r\n");
      // then: no answer and no reset, only the reader's own timeout
      before.setSoTimeout(1_000);
      try {
        int b = before.getInputStream().read();
        throw new AssertionError("the black hole answered: " + b);
      } catch (SocketTimeoutException expected) {
        // silence
      }
      assertThat(echo.received()).as("what reached the server").isEqualTo("one\r\n");
      assertThat(proxy.isBlackHole()).isTrue();
      assertThat(proxy.isCut()).isFalse();
      // a new connection is accepted, and silent too
      try (Socket during = connect()) {
        during.setSoTimeout(500);
        send(during, "three\r\n");
        try {
          during.getInputStream().read();
          throw new AssertionError("a new connection into the black hole was answered");
        } catch (SocketTimeoutException expected) {
          // silence
        }
      }
      // when: restored, what was sent goes through, as TCP retransmits it
      proxy.restore();
      before.setSoTimeout(5_000);
      assertThat(receive(before, 5)).isEqualTo("two\r\n");
    }
  }

  @Test
  void aBlackHoleAtARequestHoldsThatRequestUntilRestored() throws IOException {
    // given
    proxy.blackHoleAtRequest("/start");
    try (Socket s = connect()) {
      // when
      send(s, "POST /jobs/1/start HTTP/1.1\r\n\r\n");
      // then: held, nothing answers, nothing is closed
      s.setSoTimeout(1_000);
      try {
        s.getInputStream().read();
        throw new AssertionError("a request held in the black hole was answered");
      } catch (SocketTimeoutException expected) {
        // silence
      }
      assertThat(proxy.isBlackHole()).isTrue();
      assertThat(echo.received()).isEmpty();
      // when: restored, it goes through
      proxy.restore();
      s.setSoTimeout(5_000);
      assertThat(receive(s, 31)).isEqualTo("POST /jobs/1/start HTTP/1.1\r\n\r\n");
    }
  }

  @Test
  void aCutAtAResponseLetsTheRequestThroughButNotItsAnswer() throws IOException {
    // given: the echo server answers with what it got, so the answer contains the request's text
    proxy.cutAtResponse("marked");
    try (Socket s = connect()) {
      send(s, "plain\r\n");
      assertThat(receive(s, 7)).isEqualTo("plain\r\n");
      // when
      send(s, "marked\r\n");
      // then: the server got it, the client gets no answer, the proxy is cut
      assertThat(closedByPeer(s)).as("connection closed at the answer").isTrue();
    }
    assertThat(echo.received()).isEqualTo("plain\r\nmarked\r\n");
    assertThat(proxy.isCut()).isTrue();
    proxy.restore();
    try (Socket s = connect()) {
      send(s, "marked\r\n");
      assertThat(receive(s, 8)).as("once only").isEqualTo("marked\r\n");
    }
  }

  @Test
  void aBlackHoleAtAResponseHoldsThatAnswerUntilRestored() throws IOException {
    proxy.blackHoleAtResponse("marked");
    try (Socket s = connect()) {
      send(s, "marked\r\n");
      s.setSoTimeout(1_000);
      try {
        s.getInputStream().read();
        throw new AssertionError("an answer held in the black hole arrived");
      } catch (SocketTimeoutException expected) {
        // silence
      }
      assertThat(echo.received()).isEqualTo("marked\r\n");
      assertThat(proxy.isBlackHole()).isTrue();
      proxy.restore();
      s.setSoTimeout(5_000);
      assertThat(receive(s, 8)).isEqualTo("marked\r\n");
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(5_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String receive(Socket s, int length) throws IOException {
    byte[] b = s.getInputStream().readNBytes(length);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Whether the peer closed the connection (end of stream or reset) within the socket's timeout. */
  private static boolean closedByPeer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Echoes every byte back and records what it received. */
  private static final class EchoServer implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final StringBuffer received = new StringBuffer();

    EchoServer() throws IOException {
      Thread t = new Thread(this::serve, "echo-server");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    String received() {
      return received.toString();
    }

    private void serve() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread t = new Thread(() -> echo(s), "echo");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void echo(Socket s) {
      try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
        byte[] buffer = new byte[1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
