package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.security.Callers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/**
 * Two start markers posted at the same moment for one job: the one that loses the race on the table
 * is told to ask again (503), and then finds the other's marker. The races themselves are played by
 * a store whose writes find the row changed between the read and the write.
 */
class StartMarkersConcurrencyTest {

  private static final Instant T = Instant.parse("2026-12-05T02:00:00Z");

  /** The caller check passes: an agent. */
  private final Callers agent = new Callers(null) {
    @Override
    public String requireAgentOrOperator() {
      return "agent";
    }
  };

  private static StartMarkerStore.Task lockedByAgent1(Optional<StartMarker> marker) {
    return new StartMarkerStore.Task("t1", "agent-1", T.plusSeconds(30), 6, "e1", "p1", "load", null, "p1", marker,
        T.minusSeconds(5), "def-1", null);
  }

  private StartMarkers markers(StartMarkerStore store) {
    return new StartMarkers(null, store, null, agent, null, null, null, null,
        new LostFetches(null, Clock.fixed(T, ZoneOffset.UTC)), Clock.fixed(T, ZoneOffset.UTC));
  }

  @Test
  void aFirstMarkerWrittenMeanwhileByAnotherRequestIsAnsweredAskAgain() {
    StartMarkerStore store = new StartMarkerStore(null) {
      @Override
      public Optional<Task> task(String taskId) {
        return Optional.of(lockedByAgent1(Optional.empty()));
      }

      @Override
      void insert(Task task, StartMarker marker) {
        throw new DuplicateKeyException("duplicate key value violates unique constraint \"jobnet_start_marker_pkey\"");
      }
    };
    assertThatThrownBy(() -> markers(store).start("t1", "agent-1", 1))
        .isInstanceOf(OptimisticLockingException.class).hasMessageContaining("send the request again");
  }

  @Test
  void aLaterAttemptsMarkerWrittenMeanwhileIsAnsweredAskAgain() {
    StartMarkerStore store = new StartMarkerStore(null) {
      @Override
      public Optional<Task> task(String taskId) {
        return Optional.of(lockedByAgent1(Optional.of(StartMarker.of("agent-1", 1, T.minusSeconds(60)))));
      }

      @Override
      boolean replaceEarlier(String taskId, StartMarker marker) {
        return false; // the row holds attempt 2 or later by now
      }
    };
    assertThatThrownBy(() -> markers(store).start("t1", "agent-1", 2))
        .isInstanceOf(OptimisticLockingException.class).hasMessageContaining("send the request again");
  }
}
