package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The engine's log as an operator greps it: each event of a job is a line that names the job as the
 * agent's lines do, {@code [rootRunId=... runId=... jobPath=... taskId=... attempt=... agent=...]},
 * whether the agent reported over the engine's REST API or the jobnet API.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobLogLinesAppTest extends JobsAppTestBase {

  private final Logger jobLines = (Logger) LoggerFactory.getLogger("dev.jobnet.engine.logging.JobLogLines");
  private Level before;

  @BeforeEach
  void infoLines() {
    before = jobLines.getLevel();
    jobLines.setLevel(Level.INFO); // the tests' logback-test.xml logs warnings only
  }

  @AfterEach
  void restore() {
    jobLines.setLevel(before);
  }

  private static List<String> linesWith(CapturedOutput output, String... parts) {
    return output.getOut().lines().filter(l -> {
      for (String p : parts) {
        if (!l.contains(p)) {
          return false;
        }
      }
      return true;
    }).toList();
  }

  @Test
  void aJobsStartFailureRetryAndSuccessAreLinesThatNameTheJobAsTheAgentDoes(CapturedOutput output) {
    // given
    String key = deploy("shop");
    LockedExternalTask task = startAndFetch(key, "shop", "log-agent-1", 60_000);
    String run = task.getProcessInstanceId();
    String job = "[rootRunId=" + run + " runId=" + run + " jobPath=/" + key + "/only taskId=" + task.getId();
    // when: attempt 1 starts and fails with a retry left, attempt 2 starts and succeeds
    ResponseEntity<String> started = postJson(agent(), "/jobnet-api/jobs/" + task.getId() + "/start",
        marker("log-agent-1", 1));
    ResponseEntity<String> failed = postJson(agent(), "/engine-rest/external-task/" + task.getId() + "/failure",
        "{\"workerId\":\"log-agent-1\",\"errorMessage\":\"exit status 3\",\"retries\":1,\"retryTimeout\":0}");
    LockedExternalTask again = fetch(run, "log-agent-1", 60_000);
    ResponseEntity<String> startedAgain = postJson(agent(), "/jobnet-api/jobs/" + again.getId() + "/start",
        marker("log-agent-1", 2));
    ResponseEntity<String> completed = postJson(agent(), "/engine-rest/external-task/" + again.getId() + "/complete",
        "{\"workerId\":\"log-agent-1\"}");
    // then
    assertThat(List.of(started, failed, startedAgain, completed)).extracting(ResponseEntity::getStatusCode)
        .allMatch(s -> s.is2xxSuccessful(), "answered 2xx");
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(linesWith(output, "INFO", job + " attempt=1 agent=log-agent-1]", "JOB_STARTED only started by agent"))
        .hasSize(1);
    assertThat(linesWith(output, "INFO", job + " attempt=1 agent=log-agent-1]", "JOB_FAILED only failed (attempt 1)"))
        .hasSize(1);
    assertThat(linesWith(output, "INFO", job + " attempt=2]", "JOB_RETRIED only will run again (attempt 2)"))
        .hasSize(1);
    assertThat(linesWith(output, "INFO", job + " attempt=2 agent=log-agent-1]", "JOB_STARTED only started by agent"))
        .hasSize(1);
    assertThat(linesWith(output, "INFO", job + " attempt=2 agent=log-agent-1]", "JOB_SUCCEEDED only"))
        .hasSize(1);
    assertThat(linesWith(output, "JOBNET_")).as("events of no job are not these lines").isEmpty();
  }
}
