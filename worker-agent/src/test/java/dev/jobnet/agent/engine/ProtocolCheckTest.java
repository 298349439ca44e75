package dev.jobnet.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.jobnet.protocol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's start-up check against engine apps of its own and of other protocol versions, on a
 * real HTTP server that answers as each engine app would.
 */
class ProtocolCheckTest {

  private HttpServer server;
  private final List<String> versionsSent = new CopyOnWriteArrayList<>();

  /** An engine whose {@code /jobnet-api/protocol} answers {@code status} with {@code body}. */
  private CamundaEngineGateway engine(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/engine-rest/external-task/count", exchange -> {
      versionsSent.add(exchange.getRequestHeaders().getFirst(Protocol.HEADER));
      answer(exchange, 200, "{\"count\":0}");
    });
    server.createContext("/jobnet-api/protocol", exchange -> {
      versionsSent.add(exchange.getRequestHeaders().getFirst(Protocol.HEADER));
      answer(exchange, status, body);
    });
    server.start();
    return new CamundaEngineGateway("http://127.0.0.1:" + server.getAddress().getPort() + "/engine-rest", "a-1",
        "agent", "secret", Duration.ofSeconds(1), 4);
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void anEngineOfTheSameVersionIsAcceptedAndEveryRequestSaysTheVersion() throws Exception {
    CamundaEngineGateway gateway = engine(200, "{\"protocol\":" + Protocol.VERSION + "}");
    assertThatCode(gateway::checkAccess).doesNotThrowAnyException();
    assertThat(versionsSent).hasSize(2).containsOnly(Integer.toString(Protocol.VERSION));
  }

  @Test
  void anEngineOlderThanTheProtocolIsRefusedWithWhatToUpgrade() throws Exception {
    CamundaEngineGateway gateway = engine(404, "{}");
    assertThatThrownBy(gateway::checkAccess).isInstanceOf(AccessRefusedException.class)
        .hasMessageContaining("older than this agent").hasMessageContaining("upgrade the engine app");
  }

  @Test
  void anEngineOfAnotherVersionIsRefused() throws Exception {
    CamundaEngineGateway gateway = engine(200, "{\"protocol\":" + (Protocol.VERSION + 1) + "}");
    assertThatThrownBy(gateway::checkAccess).isInstanceOf(AccessRefusedException.class)
        .hasMessageContaining("speaks agent protocol " + (Protocol.VERSION + 1))
        .hasMessageContaining("same version");
  }
}
