package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.testing.SettableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified credentials on a settable clock, against an identity service that counts
 * the password checks it is asked for (a stand-in: the engine's own is exercised by
 * {@code AuthenticationAppTest}).
 */
class VerifiedCredentialsTest {

  private final List<String> checks = new ArrayList<>();
  private final Map<String, String> passwords = new java.util.HashMap<>(Map.of("agent", "s3cret"));
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T00:00:00Z"));

  /** Answers checkPassword from {@link #passwords}; every query it is asked for answers an empty list. */
  private final IdentityService identity = (IdentityService) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {IdentityService.class}, (proxy, method, args) -> {
        if (method.getName().equals("checkPassword")) {
          checks.add((String) args[0]);
          return args[1].equals(passwords.get((String) args[0]));
        }
        return query(method.getReturnType());
      });

  private static Object query(Class<?> type) {
    return Proxy.newProxyInstance(VerifiedCredentialsTest.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> method.getName().equals("list") ? List.of()
            : method.getReturnType().isInstance(proxy) ? proxy : null);
  }

  private final VerifiedCredentials credentials = new VerifiedCredentials(Duration.ofSeconds(30), 2, clock);

  @Test
  void aCallerVerifiedAMomentAgoIsNotCheckedAgain() {
    assertThat(credentials.verify(identity, "agent", "s3cret")).isPresent();
    assertThat(credentials.verify(identity, "agent", "s3cret")).isPresent();
    assertThat(checks).containsExactly("agent");
  }

  @Test
  void afterTheTimeToLiveTheEngineChecksAgain() {
    credentials.verify(identity, "agent", "s3cret");
    clock.advance(Duration.ofSeconds(31));
    assertThat(credentials.verify(identity, "agent", "s3cret")).isPresent();
    assertThat(checks).containsExactly("agent", "agent");
  }

  @Test
  void aWrongPasswordAlwaysGoesToTheEngineAndIsNeverKept() {
    credentials.verify(identity, "agent", "s3cret");
    assertThat(credentials.verify(identity, "agent", "guess")).isEmpty();
    assertThat(credentials.verify(identity, "agent", "guess")).isEmpty();
    assertThat(checks).containsExactly("agent", "agent", "agent");
    assertThat(credentials.verify(identity, "agent", "s3cret")).as("the right one is still kept").isPresent();
    assertThat(checks).hasSize(3);
  }

  @Test
  void anIdentityChangeForgetsEveryone() {
    credentials.verify(identity, "agent", "s3cret");
    credentials.forgetAll();
    passwords.put("agent", "new");
    assertThat(credentials.verify(identity, "agent", "s3cret")).isEmpty();
    assertThat(credentials.verify(identity, "agent", "new")).isPresent();
  }

  @Test
  void theLeastRecentlyUsedCallerMakesRoomWhenFull() {
    passwords.put("a", "1");
    passwords.put("b", "2");
    credentials.verify(identity, "agent", "s3cret");
    credentials.verify(identity, "a", "1");
    credentials.verify(identity, "b", "2");
    assertThat(credentials.size()).isEqualTo(2);
    checks.clear();
    credentials.verify(identity, "agent", "s3cret");
    assertThat(checks).as("agent was the eldest").containsExactly("agent");
  }

  @Test
  void aTimeToLiveOfZeroKeepsNothing() {
    VerifiedCredentials off = new VerifiedCredentials(Duration.ZERO, 10, clock);
    off.verify(identity, "agent", "s3cret");
    off.verify(identity, "agent", "s3cret");
    assertThat(checks).hasSize(2);
    assertThat(off.size()).isZero();
  }
}
