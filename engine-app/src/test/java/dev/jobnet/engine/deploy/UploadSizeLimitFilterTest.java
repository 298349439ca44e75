package dev.jobnet.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.ProblemAnswers;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class UploadSizeLimitFilterTest {

  private final UploadSizeLimitFilter filter = new UploadSizeLimitFilter(DataSize.ofBytes(10));

  @Test
  void aDeclaredLengthAboveTheLimitIsAnswered413WithoutReadingTheBody() throws Exception {
    // given
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/jobnet-api/deployments");
    request.setContent(new byte[11]);
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    // when
    filter.doFilter(request, response, chain);
    // then
    JsonNode problem = ProblemAnswers.assertProblem(response.getStatus(),
        MediaType.parseMediaType(response.getContentType()), response.getContentAsString(), 413, "PAYLOAD_TOO_LARGE");
    assertThat(problem.get("detail").asText()).startsWith("the request has 11 bytes, more than the 10 bytes");
    assertThat(problem.get("instance").asText()).isEqualTo("/jobnet-api/deployments");
    assertThat(problem.get("findings")).isEmpty();
    assertThat(chain.getRequest()).isNull();
  }

  @Test
  void aBodyWithoutLengthStopsWhenItPassesTheLimit() throws Exception {
    // given: a chunked body (no Content-Length)
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/jobnet-api/deployments") {
      @Override
      public long getContentLengthLong() {
        return -1;
      }
    };
    request.setContent(new byte[20]);
    MockFilterChain chain = new MockFilterChain();
    // when
    filter.doFilter(request, new MockHttpServletResponse(), chain);
    // then
    HttpServletRequest passed = (HttpServletRequest) chain.getRequest();
    assertThat(passed.getInputStream().readNBytes(10)).hasSize(10);
    assertThatThrownBy(() -> passed.getInputStream().read()).isInstanceOf(UploadSizeLimitFilter.TooLargeException.class);
  }
}
