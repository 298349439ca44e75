package dev.jobnet.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.states.IllegalStateChangeException;
import org.junit.jupiter.api.Test;

/** Each line of the tick table: a queued tick's run starts; every other state is final. */
class TickStateTest {

  @Test
  void aQueuedTickBecomesStartedAndNothingElse() {
    assertThat(TickState.QUEUED.targets()).containsExactly(TickState.STARTED);
    assertThat(TickState.QUEUED.becomes(TickState.STARTED, "nightly 02:00")).isEqualTo(TickState.STARTED);
    assertThatThrownBy(() -> TickState.QUEUED.becomes(TickState.SKIPPED_OVERLAP, "nightly 02:00"))
        .isInstanceOf(IllegalStateChangeException.class);
  }

  @Test
  void theOtherStatesAreFinal() {
    for (TickState s : new TickState[] {TickState.STARTED, TickState.STARTED_LATE, TickState.SKIPPED_MISSED,
        TickState.SKIPPED_OVERLAP}) {
      assertThat(s.targets()).as(s.name()).isEmpty();
      assertThatThrownBy(() -> s.becomes(TickState.QUEUED, "nightly 02:00")).isInstanceOf(IllegalStateChangeException.class);
    }
  }
}
