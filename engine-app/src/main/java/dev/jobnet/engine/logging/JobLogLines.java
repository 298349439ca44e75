package dev.jobnet.engine.logging;

import dev.jobnet.engine.events.AfterCommit;
import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventSubscriber;
import dev.jobnet.protocol.JobMdc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One line in the engine's log for every event of a job ({@code JOB_*} in {@code docs/events.md}),
 * once its transaction committed, with the job in the MDC: {@code rootRunId}, {@code runId}, {@code
 * jobPath}, {@code taskId}, {@code attempt} and {@code agent}, the keys and meanings of the agents'
 * lines ({@link JobMdc}), so that one grep for a task or a run over the engine's and the agents' logs
 * finds its whole story. A failed attempt with no retries left and a STUCK job are warnings.
 *
 * <pre>
 * ... INFO ... [rootRunId=4f2a... runId=4f2a... jobPath=/daily/load taskId=8c1d... attempt=1 agent=batch-1-a] JOB_STARTED load started by agent batch-1-a (attempt 1)
 * </pre>
 */
@Component
class JobLogLines implements EventSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(JobLogLines.class);

  @Override
  public void onEvent(Event event) {
    if (event.elementId() == null || !event.kind().name().startsWith("JOB_")) {
      return;
    }
    AfterCommit.run("log it", () -> log(event));
  }

  static void log(Event event) {
    try (JobMdc ignored = mdcOf(event)) {
      if (isWarning(event)) {
        LOG.warn("{} {}", event.kind(), event.message());
      } else {
        LOG.info("{} {}", event.kind(), event.message());
      }
    }
  }

  /** The job an event is about, in the MDC: keys the event does not know are left out. */
  static JobMdc mdcOf(Event event) {
    String agent = event.detail("agent");
    String attempt = event.detail("attempt");
    if (attempt == null && event.kind() == EventKind.JOB_RETRIED) {
      attempt = event.detail("nextAttempt");
    }
    return JobMdc.of(event.rootRunId(), event.runId(), event.detail("jobPath"), event.detail("externalTaskId"),
        number(attempt), agent);
  }

  private static int number(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isWarning(Event event) {
    return event.kind() == EventKind.JOB_STUCK
        || event.kind() == EventKind.JOB_FAILED && "true".equals(event.detail("final"));
  }
}
