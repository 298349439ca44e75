package dev.jobnet.engine.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentSnapshotTest {

  private static DeploymentSnapshot.Latest latest(String id, ProcessInfo p) {
    return new DeploymentSnapshot.Latest(id, 1, p);
  }

  @Test
  void onlyJobnetRootsAreKnownJobnetsWithTheirExpansions() {
    // given
    DeploymentSnapshot snapshot = new DeploymentSnapshot(Optional.empty(), Map.of(
        "a", latest("a:1", new ProcessInfo("a", true, Set.of("b"))),
        "plain", latest("plain:1", new ProcessInfo("plain", false, Set.of("a")))));
    // when / then
    assertThat(snapshot.knownJobnets().expansionsByRoot()).isEqualTo(Map.of("a", Set.of("b")));
    assertThat(snapshot.isOtherProcess("plain")).isTrue();
    assertThat(snapshot.isOtherProcess("a")).isFalse();
    assertThat(snapshot.isOtherProcess("nothing")).isFalse();
  }

  @Test
  void snapshotsAreTheSameWhenTheyNameTheSameLatestVersions() {
    // given
    ProcessInfo a = new ProcessInfo("a", true, Set.of());
    DeploymentSnapshot one = new DeploymentSnapshot(Optional.empty(), Map.of("a", latest("a:1", a)));
    // when / then
    assertThat(one.sameVersionsAs(new DeploymentSnapshot(Optional.empty(), Map.of("a", latest("a:1", a))))).isTrue();
    assertThat(one.sameVersionsAs(new DeploymentSnapshot(Optional.empty(), Map.of("a", latest("a:2", a))))).isFalse();
    assertThat(one.sameVersionsAs(DeploymentSnapshot.empty(Optional.empty()))).isFalse();
    assertThat(one.sameVersionsAs(new DeploymentSnapshot(Optional.of("t"), Map.of("a", latest("a:1", a))))).isFalse();
  }
}
