package dev.jobnet.engine.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TaskRequestMdcFilterTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void theTaskOfARequestIsReadFromItsPath() {
    assertThat(TaskRequestMdcFilter.taskId("/engine-rest/external-task/8c1d-42/complete")).isEqualTo("8c1d-42");
    assertThat(TaskRequestMdcFilter.taskId("/engine-rest/external-task/8c1d-42/extendLock")).isEqualTo("8c1d-42");
    assertThat(TaskRequestMdcFilter.taskId("/engine-rest/external-task/8c1d-42")).isEqualTo("8c1d-42");
    assertThat(TaskRequestMdcFilter.taskId("/jobnet-api/jobs/8c1d-42/start")).isEqualTo("8c1d-42");
    assertThat(TaskRequestMdcFilter.taskId("/jobnet-api/jobs/8c1d-42/output/stdout")).isEqualTo("8c1d-42");
  }

  @Test
  void requestsOfNoTaskHaveNone() {
    assertThat(TaskRequestMdcFilter.taskId("/engine-rest/external-task/fetchAndLock")).isNull();
    assertThat(TaskRequestMdcFilter.taskId("/engine-rest/external-task/count")).isNull();
    assertThat(TaskRequestMdcFilter.taskId("/engine-rest/external-task/retries")).isNull();
    assertThat(TaskRequestMdcFilter.taskId("/engine-rest/external-task")).isNull();
    assertThat(TaskRequestMdcFilter.taskId("/jobnet-api/runs/4f2a")).isNull();
  }

  @Test
  void whileTheRequestIsServedItsTaskIsInTheMdcAndAfterwardsWhatWasThereBefore() throws Exception {
    MDC.put("other", "kept");
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/engine-rest/external-task/8c1d-42/complete");
    request.setRequestURI("/engine-rest/external-task/8c1d-42/complete");
    Map<String, String> during = new HashMap<>();
    // when
    new TaskRequestMdcFilter().doFilter(request, new MockHttpServletResponse(),
        (req, res) -> during.putAll(MDC.getCopyOfContextMap()));
    // then
    assertThat(during).containsEntry("taskId", "8c1d-42").containsEntry("other", "kept");
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("other", "kept"));
  }
}
