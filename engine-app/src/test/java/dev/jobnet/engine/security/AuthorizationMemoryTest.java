package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.AuthorizationMemory.DefinitionPermission;
import dev.jobnet.engine.security.AuthorizationMemory.Question;
import dev.jobnet.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link AuthorizationMemory} keeps, and for how long, on a settable clock. */
class AuthorizationMemoryTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T00:00:00Z"));
  private final Question app = start("app", List.of("applications"), "nightly");

  private static Question start(String user, List<String> groups, String key) {
    return new Question(user, groups, key, DefinitionPermission.START);
  }

  @Test
  void aYesIsKeptForTheTimeToLiveOnly() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    assertThat(memory.isAllowed(app)).as("nothing asked yet").isFalse();
    memory.rememberAllowed(app, memory.generation());
    assertThat(memory.isAllowed(app)).isTrue();
    clock.advance(Duration.ofSeconds(29));
    assertThat(memory.isAllowed(app)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(memory.isAllowed(app)).as("after the time to live").isFalse();
  }

  @Test
  void theAnswerIsForThatUserWithThoseGroupsThatKeyAndThatPermission() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    memory.rememberAllowed(app, memory.generation());
    assertThat(memory.isAllowed(start("app", List.of("applications"), "other"))).isFalse();
    assertThat(memory.isAllowed(start("app", List.of(), "nightly"))).isFalse();
    assertThat(memory.isAllowed(start("other", List.of("applications"), "nightly"))).isFalse();
    assertThat(memory.isAllowed(new Question("app", List.of("applications"), "nightly", DefinitionPermission.READ)))
        .as("a start's yes says nothing of reading").isFalse();
  }

  @Test
  void anAnswerGivenWhileEverythingWasForgottenIsNotKept() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    long before = memory.generation(); // the engine is asked...
    memory.forgetAll(); // ...while an authorization changes
    memory.rememberAllowed(app, before);
    assertThat(memory.isAllowed(app)).isFalse();
    assertThat(memory.size()).isZero();
  }

  @Test
  void forgetAllForgetsEveryAnswer() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 100, clock);
    memory.rememberAllowed(app, memory.generation());
    memory.forgetAll();
    assertThat(memory.isAllowed(app)).isFalse();
  }

  @Test
  void theLeastRecentlyUsedAnswerGoesFirstWhenFull() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ofSeconds(30), 2, clock);
    Question b = start("b", List.of(), "nightly");
    Question c = start("c", List.of(), "nightly");
    memory.rememberAllowed(app, memory.generation());
    memory.rememberAllowed(b, memory.generation());
    assertThat(memory.isAllowed(app)).isTrue(); // used: b is now the eldest
    memory.rememberAllowed(c, memory.generation());
    assertThat(memory.size()).isEqualTo(2);
    assertThat(memory.isAllowed(b)).isFalse();
    assertThat(memory.isAllowed(app)).isTrue();
    assertThat(memory.isAllowed(c)).isTrue();
  }

  @Test
  void aTimeToLiveOfZeroKeepsNothing() {
    AuthorizationMemory memory = new AuthorizationMemory(Duration.ZERO, 100, clock);
    memory.rememberAllowed(app, memory.generation());
    assertThat(memory.enabled()).isFalse();
    assertThat(memory.isAllowed(app)).isFalse();
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
