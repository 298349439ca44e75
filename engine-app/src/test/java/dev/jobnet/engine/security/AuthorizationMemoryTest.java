package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.AuthorizationMemory.Starter;
import dev.jobnet.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link AuthorizationMemory} keeps, and for how long, on a settable clock. */
class AuthorizationMemoryTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T00:00:00Z"));
  private final Starter app = new Starter("app", List.of("applications"), "nightly");

  @Test
  void aYesIsKeptForTheTimeToLiveOnly() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    assertThat(memory.isStartAllowed(app)).as("nothing asked yet").isFalse();
    memory.rememberStartAllowed(app, memory.generation());
    assertThat(memory.isStartAllowed(app)).isTrue();
    clock.advance(Duration.ofSeconds(29));
    assertThat(memory.isStartAllowed(app)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(memory.isStartAllowed(app)).as("after the time to live").isFalse();
  }

  @Test
  void theAnswerIsForThatUserWithThoseGroupsAndThatKey() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    memory.rememberStartAllowed(app, memory.generation());
    assertThat(memory.isStartAllowed(new Starter("app", List.of("applications"), "other"))).isFalse();
    assertThat(memory.isStartAllowed(new Starter("app", List.of(), "nightly"))).isFalse();
    assertThat(memory.isStartAllowed(new Starter("other", List.of("applications"), "nightly"))).isFalse();
  }

  @Test
  void anAnswerGivenWhileEverythingWasForgottenIsNotKept() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    long before = memory.generation(); // the engine is asked...
    memory.forgetAll(); // ...while an authorization changes
    memory.rememberStartAllowed(app, before);
    assertThat(memory.isStartAllowed(app)).isFalse();
    assertThat(memory.size()).isZero();
  }

  @Test
  void forgetAllForgetsEveryAnswer() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    memory.rememberStartAllowed(app, memory.generation());
    memory.forgetAll();
    assertThat(memory.isStartAllowed(app)).isFalse();
  }

  @Test
  void theLeastRecentlyUsedAnswerGoesFirstWhenFull() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 2, clock);
    Starter b = new Starter("b", List.of(), "nightly");
    Starter c = new Starter("c", List.of(), "nightly");
    memory.rememberStartAllowed(app, memory.generation());
    memory.rememberStartAllowed(b, memory.generation());
    assertThat(memory.isStartAllowed(app)).isTrue(); // used: b is now the eldest
    memory.rememberStartAllowed(c, memory.generation());
    assertThat(memory.size()).isEqualTo(2);
    assertThat(memory.isStartAllowed(b)).isFalse();
    assertThat(memory.isStartAllowed(app)).isTrue();
    assertThat(memory.isStartAllowed(c)).isTrue();
  }

  @Test
  void aTimeToLiveOfZeroKeepsNothing() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ZERO, 100, clock);
    memory.rememberStartAllowed(app, memory.generation());
    assertThat(memory.enabled()).isFalse();
    assertThat(memory.isStartAllowed(app)).isFalse();
    assertThat(memory.size()).isZero();
  }

  @Test
  void theGroupsWithAuthorizationsAreKeptForTheTimeToLiveAndForgottenWithEverythingElse() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    assertThat(memory.groupsWithAuthorizations()).isEmpty();
    memory.rememberGroupsWithAuthorizations(java.util.Set.of("applications", "jobnet-agents"), memory.generation());
    assertThat(memory.groupsWithAuthorizations()).contains(java.util.Set.of("applications", "jobnet-agents"));
    clock.advance(Duration.ofSeconds(30));
    assertThat(memory.groupsWithAuthorizations()).isEmpty();
    memory.rememberGroupsWithAuthorizations(java.util.Set.of("applications"), memory.generation());
    memory.forgetAll();
    assertThat(memory.groupsWithAuthorizations()).isEmpty();
  }

  @Test
  void whetherRevokesConcernACallerIsKeptPerUserAndGroups() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    memory.rememberRevokesConcern("app", List.of("applications"), false, memory.generation());
    memory.rememberRevokesConcern("ops", List.of("operators"), true, memory.generation());
    assertThat(memory.revokesConcern("app", List.of("applications"))).contains(false);
    assertThat(memory.revokesConcern("ops", List.of("operators"))).contains(true);
    assertThat(memory.revokesConcern("app", List.of())).as("other groups").isEmpty();
    long before = memory.generation();
    memory.forgetAll();
    memory.rememberRevokesConcern("app", List.of("applications"), false, before);
    assertThat(memory.revokesConcern("app", List.of("applications"))).as("asked while forgetting").isEmpty();
  }
}
