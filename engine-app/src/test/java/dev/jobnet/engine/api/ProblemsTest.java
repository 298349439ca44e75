package dev.jobnet.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The one error body of {@code /jobnet-api}, as a filter writes it. */
class ProblemsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aProblemCarriesItsReasonTheMessageAgainAndEveryMemberInOrderNullAndEmptyIncluded() throws Exception {
    // given
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("protocol", 2);
    members.put("requestProtocol", null);
    members.put("findings", List.of());
    MockHttpServletResponse response = new MockHttpServletResponse();
    // when
    Problems.write(new MockHttpServletRequest("POST", "/jobnet-api/jobs/t1/start"), response,
        Problems.of(HttpStatus.CONFLICT, "PROTOCOL_MISMATCH", "upgrade the agent", members));
    // then
    assertThat(response.getStatus()).isEqualTo(409);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    JsonNode body = JSON.readTree(response.getContentAsByteArray());
    assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("type", "title", "status", "detail",
        "instance", "reason", "protocol", "requestProtocol", "findings", "message");
    assertThat(body.get("type").asText()).isEqualTo("urn:jobnet:problem:PROTOCOL_MISMATCH");
    assertThat(body.get("title").asText()).isEqualTo("Protocol mismatch");
    assertThat(body.get("status").asInt()).isEqualTo(409);
    assertThat(body.get("detail").asText()).isEqualTo("upgrade the agent");
    assertThat(body.get("instance").asText()).isEqualTo("/jobnet-api/jobs/t1/start");
    assertThat(body.get("reason").asText()).isEqualTo("PROTOCOL_MISMATCH");
    assertThat(body.get("requestProtocol").isNull()).isTrue();
    assertThat(body.get("findings").isArray()).isTrue();
    assertThat(body.get("message").asText()).isEqualTo("upgrade the agent");
  }

  @Test
  void theTitleIsTheReasonInWordsUnlessItNeedsMore() {
    assertThat(Problems.title("ALREADY_STARTED")).isEqualTo("Already started");
    assertThat(Problems.title("NOT_LOCKED_BY_YOU")).isEqualTo("Not locked by you");
    assertThat(Problems.title("RUNNING")).isEqualTo("Run still running");
  }
}
