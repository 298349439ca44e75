package dev.jobnet.engine.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Outside a transaction, so that each event is logged at once. */
class JobLogLinesTest {

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(JobLogLines.class);

  private Level before;

  @BeforeEach
  void listen() {
    before = logger.getLevel();
    logger.setLevel(Level.INFO); // the tests' logback-test.xml logs warnings only
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(lines);
    logger.setLevel(before);
    MDC.clear();
  }

  private static Event event(EventKind kind, String element, String message, Map<String, Object> details) {
    return new Event(1, Instant.parse("2026-12-05T10:00:00Z"), kind, "root-1", "run-7", element, null, "batch-1-a",
        message, details);
  }

  private static Map<String, Object> details(Object... pairs) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      d.put((String) pairs[i], pairs[i + 1]);
    }
    return d;
  }

  @Test
  void aJobsEventIsOneLineWithTheJobInItsMdc() {
    // when
    new JobLogLines().onEvent(event(EventKind.JOB_STARTED, "load", "load started by agent batch-1-a (attempt 2)",
        details("agent", "batch-1-a", "attempt", 2, "jobPath", "/daily/load", "externalTaskId", "task-3")));
    // then
    assertThat(lines.list).hasSize(1);
    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel().toString()).isEqualTo("INFO");
    assertThat(line.getFormattedMessage()).isEqualTo("JOB_STARTED load started by agent batch-1-a (attempt 2)");
    assertThat(line.getMDCPropertyMap()).isEqualTo(Map.of("rootRunId", "root-1", "runId", "run-7",
        "jobPath", "/daily/load", "taskId", "task-3", "attempt", "2", "agent", "batch-1-a"));
    assertThat(MDC.getCopyOfContextMap()).as("the MDC after the line").isNullOrEmpty();
  }

  @Test
  void aFinalFailureAndAStuckJobAreWarningsAFailureWithRetriesLeftIsNot() {
    // when
    new JobLogLines().onEvent(event(EventKind.JOB_FAILED, "load", "load FAILED", details("final", true)));
    new JobLogLines().onEvent(event(EventKind.JOB_STUCK, "load", "load is STUCK", details()));
    new JobLogLines().onEvent(event(EventKind.JOB_FAILED, "load", "load failed", details("final", false)));
    // then
    assertThat(lines.list).extracting(l -> l.getLevel().toString()).containsExactly("WARN", "WARN", "INFO");
  }

  @Test
  void aRetryNamesTheAttemptToComeAndKeysTheEventDoesNotKnowAreLeftOut() {
    // when
    new JobLogLines().onEvent(event(EventKind.JOB_RETRIED, "load", "load will run again (attempt 3)",
        details("nextAttempt", 3)));
    // then
    assertThat(lines.list.get(0).getMDCPropertyMap())
        .isEqualTo(Map.of("rootRunId", "root-1", "runId", "run-7", "attempt", "3"));
  }

  @Test
  void eventsOfNoJobAreNotLoggedHere() {
    // when
    new JobLogLines().onEvent(event(EventKind.JOBNET_ENDED, null, "ended SUCCEEDED", details()));
    new JobLogLines().onEvent(event(EventKind.AGENT_ONLINE, null, "agent batch-1-a is online", details()));
    // then
    assertThat(lines.list).isEmpty();
  }
}
