package dev.jobnet.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationTriggerTest {

  private static Event event(EventKind kind, String root, String run, Map<String, Object> details) {
    return new Event(1, Instant.EPOCH, kind, root, run, "job", null, null, "m", details);
  }

  @Test
  void theEndOfATopLevelRootRunIsToldToItsUser() {
    assertThat(NotificationTrigger.mailFor(event(EventKind.JOBNET_ENDED, "r", "r", Map.of())))
        .contains(MailKind.RUN_ENDED);
  }

  @Test
  void theEndOfAnExpandedRunIsNot() {
    assertThat(NotificationTrigger.mailFor(event(EventKind.JOBNET_ENDED, "r", "expanded", Map.of()))).isEmpty();
  }

  @Test
  void aJobThatUsedUpItsRetriesIsToldToTheAdministrators() {
    assertThat(NotificationTrigger.mailFor(event(EventKind.JOB_FAILED, "r", "r",
        Map.of("node", "job", "final", true)))).contains(MailKind.JOB_FAILED);
  }

  @Test
  void aFailedAttemptThatIsRetriedOrAFailedNestedJobnetIsNot() {
    assertThat(NotificationTrigger.mailFor(event(EventKind.JOB_FAILED, "r", "r",
        Map.of("node", "job", "final", false)))).isEmpty();
    assertThat(NotificationTrigger.mailFor(event(EventKind.JOB_FAILED, "r", "r", Map.of("node", "jobnet")))).isEmpty();
  }

  @Test
  void aStuckJobIsToldToTheAdministrators() {
    assertThat(NotificationTrigger.mailFor(event(EventKind.JOB_STUCK, "r", "r", Map.of()))).contains(MailKind.JOB_STUCK);
  }

  @Test
  void otherEventsTellNobody() {
    for (EventKind kind : new EventKind[] {EventKind.JOB_SUCCEEDED, EventKind.JOB_SKIPPED, EventKind.MAIL_SENT,
        EventKind.MAIL_FAILING, EventKind.AGENT_OFFLINE, EventKind.JOBNET_STARTED}) {
      assertThat(NotificationTrigger.mailFor(event(kind, "r", "r", Map.of()))).as("%s", kind).isEmpty();
    }
  }
}
