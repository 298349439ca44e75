package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.security.StartPermissions.Caller;
import dev.jobnet.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link StartPermissions} keeps, and for how long, on a settable clock. */
class StartPermissionsTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T00:00:00Z"));
  private final Caller app = new Caller("app", List.of("applications"), "nightly");

  @Test
  void aYesIsKeptForTheTimeToLiveOnly() {
    StartPermissions permissions = new StartPermissions(Duration.ofSeconds(30), 100, clock);
    assertThat(permissions.isAllowed(app)).as("nothing asked yet").isFalse();
    permissions.remember(app, permissions.generation());
    assertThat(permissions.isAllowed(app)).isTrue();
    clock.advance(Duration.ofSeconds(29));
    assertThat(permissions.isAllowed(app)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(permissions.isAllowed(app)).as("after the time to live").isFalse();
  }

  @Test
  void theAnswerIsForThatUserWithThoseGroupsAndThatKey() {
    StartPermissions permissions = new StartPermissions(Duration.ofSeconds(30), 100, clock);
    permissions.remember(app, permissions.generation());
    assertThat(permissions.isAllowed(new Caller("app", List.of("applications"), "other"))).isFalse();
    assertThat(permissions.isAllowed(new Caller("app", List.of(), "nightly"))).isFalse();
    assertThat(permissions.isAllowed(new Caller("other", List.of("applications"), "nightly"))).isFalse();
  }

  @Test
  void anAnswerGivenWhileEverythingWasForgottenIsNotKept() {
    StartPermissions permissions = new StartPermissions(Duration.ofSeconds(30), 100, clock);
    long before = permissions.generation(); // the engine is asked...
    permissions.forgetAll(); // ...while an authorization changes
    permissions.remember(app, before);
    assertThat(permissions.isAllowed(app)).isFalse();
    assertThat(permissions.size()).isZero();
  }

  @Test
  void forgetAllForgetsEveryAnswer() {
    StartPermissions permissions = new StartPermissions(Duration.ofSeconds(30), 100, clock);
    permissions.remember(app, permissions.generation());
    permissions.forgetAll();
    assertThat(permissions.isAllowed(app)).isFalse();
  }

  @Test
  void theLeastRecentlyUsedAnswerGoesFirstWhenFull() {
    StartPermissions permissions = new StartPermissions(Duration.ofSeconds(30), 2, clock);
    Caller b = new Caller("b", List.of(), "nightly");
    Caller c = new Caller("c", List.of(), "nightly");
    permissions.remember(app, permissions.generation());
    permissions.remember(b, permissions.generation());
    assertThat(permissions.isAllowed(app)).isTrue(); // used: b is now the eldest
    permissions.remember(c, permissions.generation());
    assertThat(permissions.size()).isEqualTo(2);
    assertThat(permissions.isAllowed(b)).isFalse();
    assertThat(permissions.isAllowed(app)).isTrue();
    assertThat(permissions.isAllowed(c)).isTrue();
  }

  @Test
  void aTimeToLiveOfZeroKeepsNothing() {
    StartPermissions permissions = new StartPermissions(Duration.ZERO, 100, clock);
    permissions.remember(app, permissions.generation());
    assertThat(permissions.enabled()).isFalse();
    assertThat(permissions.isAllowed(app)).isFalse();
    assertThat(permissions.size()).isZero();
  }
}
