package dev.jobnet.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.agent.engine.EngineGateway.LockState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An agent of a cluster: its calls go to one node until that node does not answer, then to the next,
 * round the list; a call never goes to two nodes (the caller repeats it, as with one engine).
 */
class FailoverEngineGatewayTest {

  /** A node the test can take down: records the calls it answered. */
  static final class FakeNode {
    final String name;
    final List<String> calls = new ArrayList<>();
    boolean down;
    boolean refusing;

    FakeNode(String name) {
      this.name = name;
    }

    EngineGateway gateway() {
      InvocationHandler h = (proxy, method, args) -> {
        if (down && !method.getName().equals("stopFetching")) {
          throw new EngineUnavailableException(name + " is down", null);
        }
        if (refusing) {
          throw new AccessRefusedException(name + " refuses the credentials");
        }
        calls.add(method.getName());
        return switch (method.getName()) {
          case "extendLock" -> LockState.HELD;
          case "fetch", "report" -> List.of();
          default -> null;
        };
      };
      return (EngineGateway) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EngineGateway.class}, h);
    }
  }

  private final FakeNode a = new FakeNode("a");
  private final FakeNode b = new FakeNode("b");
  private final FailoverEngineGateway cluster = new FailoverEngineGateway(List.of(
      new FailoverEngineGateway.Node("http://a/engine-rest", a.gateway()),
      new FailoverEngineGateway.Node("http://b/engine-rest", b.gateway())));

  @Test
  void callsGoToTheFirstNodeUntilItDoesNotAnswerThenToTheNextAndNeverToBothAtOnce() {
    cluster.extendLock("t1", Duration.ofSeconds(30));
    assertThat(a.calls).containsExactly("extendLock");
    // when: node a goes down
    a.down = true;
    assertThatThrownBy(() -> cluster.extendLock("t1", Duration.ofSeconds(30)))
        .isInstanceOf(EngineUnavailableException.class);
    // then: the failed call was not sent to b on its own; the caller's next calls go to b
    assertThat(b.calls).isEmpty();
    assertThat(cluster.currentUrl()).isEqualTo("http://b/engine-rest");
    cluster.extendLock("t1", Duration.ofSeconds(30));
    cluster.complete("t1", java.util.Map.of());
    assertThat(b.calls).containsExactly("extendLock", "complete");
    // and: a comes back, b goes down: round the list to a again
    a.down = false;
    b.down = true;
    assertThatThrownBy(() -> cluster.fetch(1, List.of("jobnet.s"), Duration.ofSeconds(6), Duration.ofSeconds(5)))
        .isInstanceOf(EngineUnavailableException.class);
    assertThat(cluster.fetch(1, List.of("jobnet.s"), Duration.ofSeconds(6), Duration.ofSeconds(5))).isEmpty();
    assertThat(a.calls).containsExactly("extendLock", "fetch");
  }

  @Test
  void accessIsCheckedOnTheFirstNodeThatAnswersAndRefusedCredentialsStopTheCheck() {
    a.down = true;
    cluster.checkAccess();
    assertThat(cluster.currentUrl()).isEqualTo("http://b/engine-rest");
    assertThat(b.calls).containsExactly("checkAccess");

    b.down = true;
    assertThatThrownBy(cluster::checkAccess).isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("no engine node answers").hasMessageContaining("http://a/engine-rest")
        .hasMessageContaining("http://b/engine-rest");

    // refused credentials are refused by every node: the check ends at the first (b, the current one)
    b.down = false;
    b.refusing = true;
    a.down = false;
    assertThatThrownBy(cluster::checkAccess).isInstanceOf(AccessRefusedException.class);
    assertThat(a.calls).as("a not asked").isEmpty();
  }

  @Test
  void stoppingFetchesReachesEveryNodeAFetchMayWaitOn() {
    a.down = true; // out of reach: its own stop does what it can
    cluster.stopFetching();
    assertThat(a.calls).containsExactly("stopFetching");
    assertThat(b.calls).containsExactly("stopFetching");
  }

  @Test
  void oneUrlIsItsGatewayItself() {
    EngineGateway single = a.gateway();
    assertThat(FailoverEngineGateway.of(List.of("http://a/engine-rest"), u -> single)).isSameAs(single);
    assertThat(FailoverEngineGateway.of(List.of("http://a/engine-rest", "http://b/engine-rest"), u -> single))
        .isInstanceOf(FailoverEngineGateway.class);
  }
}
