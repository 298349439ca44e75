package dev.jobnet.agent.watch;

import dev.jobnet.agent.engine.EngineGateway.LockState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The decisions of watching one running job, driven by a clock: every {@link #heartbeat} a heartbeat
 * is due; an answer of the engine moves the {@link WatchState}; a lost lock, the time limit or the
 * agent's shutdown start the stop sequence (TERM, the kill grace, then KILL, sent again every
 * {@link #KILL_REPEAT} until the group is gone, for at most {@link #KILL_WAIT}). The grace is cut
 * short when every process left ignores TERM ({@link #termIgnored}): nothing can end gracefully then.
 *
 * <p>The runner asks {@link #tick} what to do now and {@link #untilNext} how long it may wait for the
 * process before asking again; it reports what happened with {@link #answered}, {@link #unreachable},
 * {@link #shutdown} and {@link #ended}. Not thread-safe: one runner thread owns it.
 */
public final class JobWatch {

  /** Between two KILLs of a group that is not gone yet (a member may have forked meanwhile). */
  public static final Duration KILL_REPEAT = Duration.ofMillis(50);
  /** How long KILL is sent again before the agent stops waiting for an unkillable group. */
  public static final Duration KILL_WAIT = Duration.ofSeconds(1);

  /** What the runner must do now. */
  public enum Action {
    /** Nothing: wait for the process (at most {@link #untilNext}). */
    WAIT,
    /** Extend the lock, then report the answer with {@link #answered} or {@link #unreachable}. */
    HEARTBEAT,
    /** Send TERM to the process group. */
    TERM,
    /** Send KILL to the process group. */
    KILL
  }

  private final Clock clock;
  private final Duration heartbeat;
  private final Duration lock;
  private final Duration killGrace;
  private final Instant deadline;
  private WatchState state = WatchState.HELD;
  private StopReason stopReason;
  private Instant nextBeat;
  private Instant lockHeldUntil;
  private Instant termSentAt;
  private Instant killSentAt;
  private Instant lastKillAt;

  /**
   * @param deadline when the job's time limit is up, or null for none
   */
  public JobWatch(Clock clock, Duration heartbeat, Duration lock, Duration killGrace, Instant deadline) {
    this.clock = Objects.requireNonNull(clock);
    this.heartbeat = heartbeat;
    this.lock = lock;
    this.killGrace = killGrace;
    this.deadline = deadline == null ? Instant.MAX : deadline;
    Instant now = clock.instant();
    this.nextBeat = now.plus(heartbeat);
    // The fetch (or the last heartbeat before a restart) locked the job for at least this long.
    this.lockHeldUntil = now.plus(lock);
  }

  public WatchState state() {
    return state;
  }

  /** Why the job is being (or was) stopped; null while it runs or when it ended by itself. */
  public StopReason stopReason() {
    return stopReason;
  }

  /**
   * True when the lock has run out by the agent's own count (no heartbeat answered for a whole lock):
   * the engine may hand the job out again; the job goes on all the same, and its report will be
   * accepted unless another agent took it.
   */
  public boolean lockRanOut() {
    return !clock.instant().isBefore(lockHeldUntil);
  }

  /** What to do now. */
  public Action tick() {
    Instant now = clock.instant();
    switch (state) {
      case HELD, EXPIRED, UNREACHABLE -> {
        if (!now.isBefore(deadline)) {
          return stop(StopReason.TIMED_OUT);
        }
        if (!now.isBefore(nextBeat)) {
          nextBeat = now.plus(heartbeat);
          return Action.HEARTBEAT;
        }
        return Action.WAIT;
      }
      case TERMINATING -> {
        if (!now.isBefore(termSentAt.plus(killGrace))) {
          return startKilling(now);
        }
        return Action.WAIT;
      }
      case KILLING -> {
        if (!now.isBefore(killSentAt.plus(KILL_WAIT))) {
          // An unkillable member (uninterruptible sleep): stop waiting, say what was done.
          moveTo(WatchState.ENDED);
          return Action.WAIT;
        }
        if (!now.isBefore(lastKillAt.plus(KILL_REPEAT))) {
          lastKillAt = now;
          return Action.KILL;
        }
        return Action.WAIT;
      }
      default -> {
        return Action.WAIT;
      }
    }
  }

  /** How long the runner may wait for the process before the next {@link #tick} has something to do. */
  public Duration untilNext() {
    Instant now = clock.instant();
    Instant next = switch (state) {
      case HELD, EXPIRED, UNREACHABLE -> nextBeat.isBefore(deadline) ? nextBeat : deadline;
      case TERMINATING -> termSentAt.plus(killGrace);
      case KILLING -> lastKillAt.plus(KILL_REPEAT);
      case ENDED -> Instant.MAX;
    };
    if (next == Instant.MAX) {
      return Duration.ofMillis(Long.MAX_VALUE);
    }
    Duration d = Duration.between(now, next);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * The engine's answer to a heartbeat: HELD and EXPIRED keep the job running (EXPIRED: it was out of
   * reach for longer than the lock and nobody took the job); LOST starts the stop sequence.
   */
  public Action answered(LockState answer) {
    if (!state.isRunning()) {
      return Action.WAIT;
    }
    return switch (answer) {
      case HELD -> {
        lockHeldUntil = clock.instant().plus(lock);
        moveTo(WatchState.HELD);
        yield Action.WAIT;
      }
      case EXPIRED -> {
        moveTo(WatchState.EXPIRED);
        yield Action.WAIT;
      }
      case LOST -> stop(StopReason.LOST);
    };
  }

  /** A heartbeat did not reach the engine: the job goes on. */
  public void unreachable() {
    if (state.isRunning()) {
      moveTo(WatchState.UNREACHABLE);
    }
  }

  /** The agent shuts down and the job's grace is over: stop it, to be reported as a failed attempt. */
  public Action shutdown() {
    return state.isRunning() ? stop(StopReason.SHUTDOWN) : Action.WAIT;
  }

  /**
   * Every process left in the group ignores TERM (a child under {@code trap '' TERM}, once the
   * command's own shell has ended): the rest of the grace would only delay the end, so KILL now.
   */
  public Action termIgnored() {
    return state == WatchState.TERMINATING ? startKilling(clock.instant()) : Action.WAIT;
  }

  /** The process ended by itself, or its group is gone after a signal. */
  public void ended() {
    moveTo(WatchState.ENDED);
  }

  private Action startKilling(Instant now) {
    moveTo(WatchState.KILLING);
    killSentAt = now;
    lastKillAt = now;
    return Action.KILL;
  }

  private Action stop(StopReason reason) {
    stopReason = reason;
    termSentAt = clock.instant();
    moveTo(WatchState.TERMINATING);
    return Action.TERM;
  }

  private void moveTo(WatchState next) {
    if (next == state) {
      return;
    }
    if (!state.canBecome(next)) {
      throw new IllegalStateException("a job's watch cannot go from " + state + " to " + next);
    }
    state = next;
  }
}
