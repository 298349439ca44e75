package dev.jobnet.engine.callbacks;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** What became of the callback of one attempt of an http job with {@code callback: true}. */
public enum CallbackState {
  /** The agent has the callback URL; the backend has not accepted the request yet. */
  REGISTERED,
  /** The backend accepted the request; the engine holds the job and waits for the backend's result. */
  WAITING,
  /** The backend reported {@code ok}: the job SUCCEEDED. */
  SUCCEEDED,
  /** The backend reported {@code fail} and the policy has retries left: the next attempt follows. */
  RETRYING,
  /** The backend reported {@code fail} with no retries left: the job FAILED. */
  FAILED,
  /** No result came within the job's timeout: the job FAILED (not retried). */
  TIMED_OUT,
  /** The attempt is no longer the job's (stopped, resolved, failed otherwise, or a later attempt runs). */
  GONE;

  private static final Map<CallbackState, Set<CallbackState>> NEXT = new EnumMap<>(CallbackState.class);

  static {
    NEXT.put(REGISTERED, EnumSet.of(WAITING, SUCCEEDED, RETRYING, FAILED, GONE));
    NEXT.put(WAITING, EnumSet.of(SUCCEEDED, RETRYING, FAILED, TIMED_OUT, GONE));
    NEXT.put(SUCCEEDED, EnumSet.noneOf(CallbackState.class));
    NEXT.put(RETRYING, EnumSet.noneOf(CallbackState.class));
    NEXT.put(FAILED, EnumSet.noneOf(CallbackState.class));
    NEXT.put(TIMED_OUT, EnumSet.noneOf(CallbackState.class));
    NEXT.put(GONE, EnumSet.noneOf(CallbackState.class));
  }

  public boolean canBecome(CallbackState next) {
    return NEXT.get(this).contains(next);
  }

  /** Whether the backend's result for this attempt may still come. */
  public boolean isOpen() {
    return this == REGISTERED || this == WAITING;
  }

  /** Whether a callback of the backend decided it (a second callback gets the same answer). */
  public boolean isDecidedByCallback() {
    return this == SUCCEEDED || this == RETRYING || this == FAILED;
  }

  /** The states a row may be in before it becomes {@code next}. */
  public static Set<CallbackState> before(CallbackState next) {
    Set<CallbackState> out = EnumSet.noneOf(CallbackState.class);
    NEXT.forEach((from, to) -> {
      if (to.contains(next)) {
        out.add(from);
      }
    });
    return out;
  }
}
