package dev.jobnet.agent.watch;

import static dev.jobnet.agent.watch.WatchState.ENDED;
import static dev.jobnet.agent.watch.WatchState.EXPIRED;
import static dev.jobnet.agent.watch.WatchState.HELD;
import static dev.jobnet.agent.watch.WatchState.KILLING;
import static dev.jobnet.agent.watch.WatchState.TERMINATING;
import static dev.jobnet.agent.watch.WatchState.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The watch's states, one source state per test: every target it may reach, and that no other is allowed. */
class WatchStateTest {

  private static void assertTargets(WatchState from, Set<WatchState> allowed) {
    for (WatchState to : WatchState.values()) {
      assertThat(from.canBecome(to)).as("%s -> %s", from, to).isEqualTo(allowed.contains(to));
    }
  }

  @Test
  void heldMayExpireLoseTheEngineBeStoppedOrEnd() {
    assertTargets(HELD, EnumSet.of(EXPIRED, UNREACHABLE, TERMINATING, ENDED));
  }

  @Test
  void expiredMayBeHeldAgainLoseTheEngineBeStoppedOrEnd() {
    assertTargets(EXPIRED, EnumSet.of(HELD, UNREACHABLE, TERMINATING, ENDED));
  }

  @Test
  void unreachableMayBeHeldAgainFindItsLockExpiredBeStoppedOrEnd() {
    assertTargets(UNREACHABLE, EnumSet.of(HELD, EXPIRED, TERMINATING, ENDED));
  }

  @Test
  void terminatingMayOnlyBeKilledOrEnd() {
    assertTargets(TERMINATING, EnumSet.of(KILLING, ENDED));
  }

  @Test
  void killingMayOnlyEnd() {
    assertTargets(KILLING, EnumSet.of(ENDED));
  }

  @Test
  void endedIsFinal() {
    assertTargets(ENDED, EnumSet.noneOf(WatchState.class));
  }

  @Test
  void onlyTheThreeLockStatesAreRunningAndOnlyTheSignalStatesAreStopping() {
    assertThat(Arrays.stream(WatchState.values()).filter(WatchState::isRunning)).containsExactly(HELD, EXPIRED,
        UNREACHABLE);
    assertThat(Arrays.stream(WatchState.values()).filter(WatchState::isStopping)).containsExactly(TERMINATING,
        KILLING);
  }
}
