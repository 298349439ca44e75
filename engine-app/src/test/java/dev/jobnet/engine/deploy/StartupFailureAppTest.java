package dev.jobnet.engine.deploy;

import dev.jobnet.engine.testing.SecondNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jobnet.engine.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An engine app whose definitions have a finding does not start, and deploys none of them. */
class StartupFailureAppTest {

  @Test
  void theEngineAppDoesNotStartWhenADefinitionHasAFinding() throws Exception {
    // given: one valid file and one with a typo
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Path folder = Files.createTempDirectory("jobnet-definitions-failing");
    StartupDeploymentAppTest.write(folder.resolve("valid.yaml"), DeploymentApiTestBase.root("sf-valid-" + suffix));
    StartupDeploymentAppTest.write(folder.resolve("typo.yaml"), """
        jobnets:
          sf-typo-%s:
            jobs:
              extract: { run: extract.sh, nxt: load }
              load: { run: load.sh }
        """.formatted(suffix));
    // when
    Throwable failure = catchThrowable(() -> SecondNode.start("failing-start", folder).close());
    // then
    assertThat(failure).isNotNull();
    Throwable cause = failure;
    while (!(cause instanceof DefinitionsRejectedException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOfSatisfying(DefinitionsRejectedException.class, e -> assertThat(e.problems())
        .extracting(Problem::format)
        .containsExactly(folder.resolve("typo.yaml") + ":4:35: JN003 unknown key 'nxt' in job 'extract'; did you mean"
            + " 'next'? (allowed: env, expand, http, jobnet, name, next, retry, run, server, timeout, workdir)"));
    assertThat(definitions("sf-valid-" + suffix)).isZero();
    assertThat(definitions("sf-typo-" + suffix)).isZero();
  }

  private static long definitions(String key) throws Exception {
    try (Connection c = TestDatabase.shared().connect();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM ACT_RE_PROCDEF WHERE KEY_ = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
