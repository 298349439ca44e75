package dev.jobnet.agent.engine.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.AgentStatus;
import dev.jobnet.agent.engine.EngineGateway.MarkerResult;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.protocol.Protocol;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's own API calls against a server answering as the engine app does. */
class JobnetApiTransportTest {

  private final EngineStub engine;
  private final JobnetApiTransport api;

  JobnetApiTransportTest() throws Exception {
    engine = new EngineStub();
    api = new JobnetApiTransport(new EngineHttp(engine.restUrl(), "agent", "secret"), "batch-1");
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Test
  void theStartMarkerSaysWhoAndWhichAttemptWithTheAgentsCredentialsAndVersion() {
    engine.on("/jobnet-api/jobs/t-1/start", 200, "{\"started\":true,\"attempt\":2}");
    assertThat(api.placeStartMarker("t-1", 2)).isEqualTo(MarkerResult.PLACED);
    EngineStub.Request sent = engine.last();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.body()).isEqualTo("{\"workerId\":\"batch-1\",\"attempt\":2}");
    assertThat(sent.header(Protocol.HEADER)).isEqualTo(Integer.toString(Protocol.VERSION));
    assertThat(sent.header("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("agent:secret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void eachAnswerToTheStartMarkerMeansItsOwnNextStep() {
    engine.on("/jobnet-api/jobs/gone/start", 404, "{\"reason\":\"NOT_FOUND\"}")
        .on("/jobnet-api/jobs/started/start", 409, "{\"reason\":\"ALREADY_STARTED\"}")
        .on("/jobnet-api/jobs/other/start", 409, "{\"reason\":\"NOT_LOCKED_BY_WORKER\"}")
        .on("/jobnet-api/jobs/refused/start", 403, "{\"message\":\"not an agent\"}")
        .on("/jobnet-api/jobs/busy/start", 503, "{\"message\":\"send it again\"}");
    assertThat(api.placeStartMarker("gone", 1)).isEqualTo(MarkerResult.GONE);
    assertThat(api.placeStartMarker("started", 1)).isEqualTo(MarkerResult.ALREADY_STARTED);
    assertThat(api.placeStartMarker("other", 1)).isEqualTo(MarkerResult.NOT_YOURS);
    assertThatThrownBy(() -> api.placeStartMarker("refused", 1)).isInstanceOf(AccessRefusedException.class)
        .hasMessageContaining("jobnet-agents");
    assertThatThrownBy(() -> api.placeStartMarker("busy", 1)).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("503");
  }

  @Test
  void outputGoesOnWhereTheEngineSays() {
    engine.on("/jobnet-api/jobs/t-1/output/stdout?attempt=1&offset=0&length=10", 200, "{\"next\":8}")
        .on("/jobnet-api/jobs/t-1/output/stdout?attempt=1&offset=8", 200, "{\"received\":10}")
        .on("/jobnet-api/jobs/t-1/output/stderr", 409, "{\"reason\":\"OFFSET_MISMATCH\",\"expectedOffset\":4}")
        .on("/jobnet-api/jobs/gone/output", 404, "{}")
        .on("/jobnet-api/jobs/broken/output", 500, "{}");
    assertThat(api.shipOutput("t-1", 1, "stdout", 0, new byte[3], 10L)).isEqualTo(8);
    assertThat(engine.last().header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(api.shipOutput("t-1", 1, "stdout", 8, new byte[2], null)).isEqualTo(10);
    assertThat(api.shipOutput("t-1", 1, "stderr", 9, new byte[2], null)).isEqualTo(4);
    assertThat(api.shipOutput("gone", 1, "stdout", 0, new byte[1], null)).isEqualTo(-1);
    assertThatThrownBy(() -> api.shipOutput("broken", 1, "stdout", 0, new byte[1], null))
        .isInstanceOf(EngineUnavailableException.class);
  }

  @Test
  void theRegistryReportTellsWhichStuckJobsTheEngineWithdrew() {
    engine.on("/jobnet-api/agents/batch-1/heartbeat", 200, "{\"withdrawnStuck\":[\"t-1\",\"t-2\"],\"warning\":\"x\"}");
    AgentStatus status = new AgentStatus(List.of("default"), 4, 5000, 30000,
        List.of(new AgentStatus.RunningJob("t-1", "pi-1", "load")));
    assertThat(api.report(status)).containsExactly("t-1", "t-2");
    assertThat(engine.last().body()).contains("\"capacity\":4").contains("\"t-1\"");
    engine.on("/jobnet-api/agents/batch-1/heartbeat", 200, "not json");
    assertThat(api.report(status)).isEmpty();
    engine.on("/jobnet-api/agents/batch-1/heartbeat", 401, "{\"message\":\"who are you\"}");
    assertThatThrownBy(() -> api.report(status)).isInstanceOf(AccessRefusedException.class)
        .hasMessageContaining("who are you");
    engine.on("/jobnet-api/agents/batch-1/heartbeat", 503, "{\"message\":\"starting\"}");
    assertThatThrownBy(() -> api.report(status)).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("starting");
  }

  @Test
  void givingBackAMarkerNamesTheWorkerAndAttemptAndOnlyAServerErrorIsRetried() {
    engine.on("/jobnet-api/jobs/t-1/start", 204, "").on("/jobnet-api/jobs/t-9/start", 500, "{}");
    api.releaseStartMarker("t-1", 3);
    assertThat(engine.last().method()).isEqualTo("DELETE");
    assertThat(engine.last().path()).isEqualTo("/jobnet-api/jobs/t-1/start?workerId=batch-1&attempt=3");
    assertThatThrownBy(() -> api.releaseStartMarker("t-9", 1)).isInstanceOf(EngineUnavailableException.class);
  }

  @Test
  void anEngineOutOfReachIsUnavailableNotAFailure() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    JobnetApiTransport nowhere = new JobnetApiTransport(
        new EngineHttp("http://127.0.0.1:" + closedPort + "/engine-rest", "agent", "secret"), "batch-1");
    assertThatThrownBy(() -> nowhere.placeStartMarker("t-1", 1)).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("cannot reach the engine");
  }
}
