package dev.jobnet.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.engine.EngineGateway.LockState;
import dev.jobnet.agent.watch.JobWatch.Action;
import dev.jobnet.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The decisions of watching a running job on a clock the test moves: one transition per test. The
 * settings are the defaults (5 s heartbeat, 30 s lock, 5 s kill grace).
 */
class JobWatchTest {

  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  private static final Duration LOCK = Duration.ofSeconds(30);
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private final SettableClock clock = SettableClock.at("2026-11-23T02:00:00Z");

  private JobWatch watch() {
    return watch(null);
  }

  private JobWatch watch(Instant deadline) {
    return new JobWatch(clock, HEARTBEAT, LOCK, KILL_GRACE, deadline);
  }

  private JobWatch afterFirstHeartbeat() {
    JobWatch w = watch();
    clock.advance(HEARTBEAT);
    assertThat(w.tick()).isEqualTo(Action.HEARTBEAT);
    return w;
  }

  private JobWatch terminatingBecauseLost() {
    JobWatch w = afterFirstHeartbeat();
    assertThat(w.answered(LockState.LOST)).isEqualTo(Action.TERM);
    return w;
  }

  @Test
  void aNewWatchHoldsTheLockAndWaitsOneHeartbeat() {
    JobWatch w = watch();
    assertThat(w.state()).isEqualTo(WatchState.HELD);
    assertThat(w.tick()).isEqualTo(Action.WAIT);
    assertThat(w.untilNext()).isEqualTo(HEARTBEAT);
    clock.advance(HEARTBEAT.minusMillis(1));
    assertThat(w.tick()).isEqualTo(Action.WAIT);
    assertThat(w.untilNext()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aHeartbeatIsDueEveryIntervalAndOnlyOnce() {
    JobWatch w = afterFirstHeartbeat();
    assertThat(w.tick()).as("asked again at the same instant").isEqualTo(Action.WAIT);
    assertThat(w.untilNext()).isEqualTo(HEARTBEAT);
    clock.advance(HEARTBEAT);
    assertThat(w.tick()).isEqualTo(Action.HEARTBEAT);
  }

  @Test
  void heldKeepsTheJobRunningAndRenewsTheLockByTheAgentsCount() {
    JobWatch w = afterFirstHeartbeat();
    assertThat(w.answered(LockState.HELD)).isEqualTo(Action.WAIT);
    assertThat(w.state()).isEqualTo(WatchState.HELD);
    clock.advance(LOCK.minusMillis(1));
    assertThat(w.lockRanOut()).isFalse();
  }

  @Test
  void heldToExpiredWhenTheEngineSaysTheLockRanOutTheJobGoesOn() {
    JobWatch w = afterFirstHeartbeat();
    assertThat(w.answered(LockState.EXPIRED)).isEqualTo(Action.WAIT);
    assertThat(w.state()).isEqualTo(WatchState.EXPIRED);
    assertThat(w.stopReason()).isNull();
    clock.advance(HEARTBEAT);
    assertThat(w.tick()).as("heartbeats go on, to lock it again").isEqualTo(Action.HEARTBEAT);
  }

  @Test
  void heldToTerminatingAtOnceWhenTheEngineSaysTheJobIsLost() {
    JobWatch w = afterFirstHeartbeat();
    assertThat(w.answered(LockState.LOST)).isEqualTo(Action.TERM);
    assertThat(w.state()).isEqualTo(WatchState.TERMINATING);
    assertThat(w.stopReason()).isEqualTo(StopReason.LOST);
  }

  @Test
  void heldToUnreachableWhenAHeartbeatFailsTheJobGoesOn() {
    JobWatch w = afterFirstHeartbeat();
    w.unreachable();
    assertThat(w.state()).isEqualTo(WatchState.UNREACHABLE);
    assertThat(w.stopReason()).isNull();
  }

  @Test
  void unreachableForLongerThanTheLockTheLockRanOutButTheJobStillGoesOn() {
    // given: the last answer was at 02:00:05
    JobWatch w = afterFirstHeartbeat();
    w.answered(LockState.HELD);
    // when: nothing answers for a whole lock
    for (int i = 0; i < 7; i++) {
      clock.advance(HEARTBEAT);
      assertThat(w.tick()).isEqualTo(Action.HEARTBEAT);
      w.unreachable();
    }
    // then
    assertThat(w.lockRanOut()).isTrue();
    assertThat(w.state()).isEqualTo(WatchState.UNREACHABLE);
    assertThat(w.stopReason()).isNull();
  }

  @Test
  void unreachableToHeldWhenTheEngineAnswersAgain() {
    JobWatch w = afterFirstHeartbeat();
    w.unreachable();
    clock.advance(HEARTBEAT);
    w.tick();
    assertThat(w.answered(LockState.HELD)).isEqualTo(Action.WAIT);
    assertThat(w.state()).isEqualTo(WatchState.HELD);
    assertThat(w.lockRanOut()).isFalse();
  }

  @Test
  void unreachableToExpiredWhenTheEngineAnswersThatTheLockRanOut() {
    JobWatch w = afterFirstHeartbeat();
    w.unreachable();
    clock.advance(HEARTBEAT);
    w.tick();
    w.answered(LockState.EXPIRED);
    assertThat(w.state()).isEqualTo(WatchState.EXPIRED);
  }

  @Test
  void unreachableToTerminatingWhenTheEngineAnswersThatTheJobIsLost() {
    JobWatch w = afterFirstHeartbeat();
    w.unreachable();
    clock.advance(HEARTBEAT);
    w.tick();
    assertThat(w.answered(LockState.LOST)).isEqualTo(Action.TERM);
    assertThat(w.stopReason()).isEqualTo(StopReason.LOST);
  }

  @Test
  void expiredToHeldWhenTheAgentLockedItAgain() {
    JobWatch w = afterFirstHeartbeat();
    w.answered(LockState.EXPIRED);
    clock.advance(HEARTBEAT);
    w.tick();
    w.answered(LockState.HELD);
    assertThat(w.state()).isEqualTo(WatchState.HELD);
  }

  @Test
  void runningToTerminatingWhenTheTimeLimitIsUp() {
    // given: a time limit 7 s after the start, between two heartbeats
    JobWatch w = watch(clock.instant().plusSeconds(7));
    clock.advance(HEARTBEAT);
    assertThat(w.tick()).isEqualTo(Action.HEARTBEAT);
    w.answered(LockState.HELD);
    assertThat(w.untilNext()).as("the limit comes before the next heartbeat").isEqualTo(Duration.ofSeconds(2));
    clock.advance(Duration.ofMillis(1_999));
    assertThat(w.tick()).isEqualTo(Action.WAIT);
    // when
    clock.advance(Duration.ofMillis(1));
    // then
    assertThat(w.tick()).isEqualTo(Action.TERM);
    assertThat(w.state()).isEqualTo(WatchState.TERMINATING);
    assertThat(w.stopReason()).isEqualTo(StopReason.TIMED_OUT);
  }

  @Test
  void theTimeLimitAppliesWhileTheEngineIsOutOfReachToo() {
    JobWatch w = watch(clock.instant().plusSeconds(7));
    clock.advance(HEARTBEAT);
    w.tick();
    w.unreachable();
    clock.advance(Duration.ofSeconds(2));
    assertThat(w.tick()).isEqualTo(Action.TERM);
    assertThat(w.stopReason()).isEqualTo(StopReason.TIMED_OUT);
  }

  @Test
  void runningToTerminatingWhenTheAgentShutsDown() {
    JobWatch w = afterFirstHeartbeat();
    assertThat(w.shutdown()).isEqualTo(Action.TERM);
    assertThat(w.state()).isEqualTo(WatchState.TERMINATING);
    assertThat(w.stopReason()).isEqualTo(StopReason.SHUTDOWN);
  }

  @Test
  void runningToEndedWhenTheProcessEndsByItself() {
    JobWatch w = afterFirstHeartbeat();
    w.ended();
    assertThat(w.state()).isEqualTo(WatchState.ENDED);
    assertThat(w.stopReason()).as("nothing stopped it: its exit status decides").isNull();
  }

  @Test
  void terminatingWaitsTheKillGraceThenKills() {
    JobWatch w = terminatingBecauseLost();
    assertThat(w.untilNext()).isEqualTo(KILL_GRACE);
    clock.advance(KILL_GRACE.minusMillis(1));
    assertThat(w.tick()).isEqualTo(Action.WAIT);
    clock.advance(Duration.ofMillis(1));
    assertThat(w.tick()).isEqualTo(Action.KILL);
    assertThat(w.state()).isEqualTo(WatchState.KILLING);
    assertThat(w.stopReason()).isEqualTo(StopReason.LOST);
  }

  @Test
  void terminatingKillsAtOnceWhenWhatIsLeftIgnoresTerm() {
    JobWatch w = terminatingBecauseLost();
    clock.advance(Duration.ofMillis(50));
    assertThat(w.termIgnored()).isEqualTo(Action.KILL);
    assertThat(w.state()).isEqualTo(WatchState.KILLING);
    assertThat(w.untilNext()).isEqualTo(JobWatch.KILL_REPEAT);
    assertThat(w.stopReason()).isEqualTo(StopReason.LOST);
  }

  @Test
  void termIgnoredMeansNothingUnlessTheGroupWasSentTerm() {
    JobWatch w = afterFirstHeartbeat();
    assertThat(w.termIgnored()).isEqualTo(Action.WAIT);
    assertThat(w.state()).isEqualTo(WatchState.HELD);
  }

  @Test
  void terminatingToEndedWhenTheGroupIsGoneWithinTheGrace() {
    JobWatch w = terminatingBecauseLost();
    clock.advance(Duration.ofSeconds(1));
    w.ended();
    assertThat(w.state()).isEqualTo(WatchState.ENDED);
    assertThat(w.stopReason()).isEqualTo(StopReason.LOST);
  }

  @Test
  void terminatingIgnoresLaterAnswersShutdownsAndTheTimeLimit() {
    JobWatch w = terminatingBecauseLost();
    assertThat(w.answered(LockState.HELD)).isEqualTo(Action.WAIT);
    assertThat(w.shutdown()).as("no second TERM").isEqualTo(Action.WAIT);
    w.unreachable();
    assertThat(w.state()).isEqualTo(WatchState.TERMINATING);
    assertThat(w.stopReason()).isEqualTo(StopReason.LOST);
  }

  @Test
  void killingSendsKillAgainUntilTheGroupIsGone() {
    JobWatch w = terminatingBecauseLost();
    clock.advance(KILL_GRACE);
    assertThat(w.tick()).isEqualTo(Action.KILL);
    assertThat(w.untilNext()).isEqualTo(JobWatch.KILL_REPEAT);
    assertThat(w.tick()).isEqualTo(Action.WAIT);
    clock.advance(JobWatch.KILL_REPEAT);
    assertThat(w.tick()).isEqualTo(Action.KILL);
    w.ended();
    assertThat(w.state()).isEqualTo(WatchState.ENDED);
  }

  @Test
  void killingGivesUpOnAnUnkillableGroupAfterAWhile() {
    JobWatch w = terminatingBecauseLost();
    clock.advance(KILL_GRACE);
    w.tick();
    clock.advance(JobWatch.KILL_WAIT);
    assertThat(w.tick()).isEqualTo(Action.WAIT);
    assertThat(w.state()).isEqualTo(WatchState.ENDED);
  }

  @Test
  void endedAsksForNothingMore() {
    JobWatch w = watch();
    w.ended();
    clock.advance(Duration.ofHours(1));
    assertThat(w.tick()).isEqualTo(Action.WAIT);
    assertThat(w.answered(LockState.LOST)).isEqualTo(Action.WAIT);
    assertThat(w.shutdown()).isEqualTo(Action.WAIT);
    assertThat(w.state()).isEqualTo(WatchState.ENDED);
  }
}
