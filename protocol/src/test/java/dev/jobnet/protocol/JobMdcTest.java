package dev.jobnet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class JobMdcTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void theJobsKeysHoldUntilCloseAndWhatWasThereBeforeComesBack() {
    MDC.put("other", "kept");
    try (JobMdc ignored = JobMdc.of("root-1", "run-7", "/load", "task-3", 1, "batch-1-a")) {
      assertThat(MDC.getCopyOfContextMap()).containsEntry("rootRunId", "root-1").containsEntry("runId", "run-7")
          .containsEntry("jobPath", "/load").containsEntry("taskId", "task-3").containsEntry("attempt", "1")
          .containsEntry("agent", "batch-1-a").containsEntry("other", "kept");
    }
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("other", "kept"));
  }

  @Test
  void aKeyWithoutValueIsLeftOutNotWrittenAsNull() {
    try (JobMdc ignored = JobMdc.of(null, "run-7", null, "task-3", 0, "batch-1-a")) {
      assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys("runId", "taskId", "agent");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
