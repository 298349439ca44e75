package dev.jobnet.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.engine.FetchedTask;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {

  private static FetchedTask task(Map<String, String> variables) {
    return new FetchedTask("t1", "jobnet.batch", "inner.job1", "ai-7", "pi-mid", "order-1", null,
        Map.of("jobnet.path", "/jn1049_2/inner/job1", "jobnet.id", "job1", "jobnet.ancestors", "jn1049_2;inner",
            "jobnet.server", "batch", "jobnet.env.TZ", "Asia/Tokyo"),
        variables);
  }

  @Test
  void theMmIdsFollowTheRuntimeChainsThroughExpansions() {
    // given: jn1049 expands jn1049_2, which holds the nested jobnet inner with job1
    Map<String, String> env = JobEnvironment.of(task(Map.of(
        "jobnetAncestorIds", "pi-mid;ai-inner",
        "jobnetFullAncestorIds", "pi-root;pi-mid;ai-inner")), 2, Map.of("PATH", "/usr/bin", "SECRET", "x"));
    // then
    assertThat(env).containsEntry("MM_ROOT_JOBNET_ID", "pi-root")
        .containsEntry("MM_TARGET_JOBNET_ID", "ai-inner")
        .containsEntry("MM_ACTUAL_JOB_ID", "ai-7")
        .containsEntry("MM_ACTUAL_JOB_ANCESTOR_IDS", "pi-mid;ai-inner")
        .containsEntry("MM_FULL_ACTUAL_JOB_ANCESTOR_IDS", "pi-root;pi-mid;ai-inner")
        .containsEntry("MM_ACTUAL_JOB_NAME_PATH", "/jn1049_2/inner/job1")
        .containsEntry("MM_TEMPLATE_JOB_ID", "job1")
        .containsEntry("MM_TEMPLATE_JOB_ANCESTOR_IDS", "jn1049_2;inner")
        .containsEntry("MM_SERVER_NAME", "batch")
        .containsEntry("JOBNET_ATTEMPT", "2")
        .containsEntry("TZ", "Asia/Tokyo")
        .containsEntry("PATH", "/usr/bin")
        .doesNotContainKey("SECRET");
  }

  @Test
  void startParametersBecomeJobnetParamVariablesAndOurOwnVariablesDoNot() {
    Map<String, String> env = JobEnvironment.of(task(Map.of("file-name.v2", "/in.csv", "count", "3",
        "jobnetAncestorIds", "pi", "jobnetStartMarker", "{}")), 1, Map.of());
    assertThat(env).containsEntry("JOBNET_PARAM_FILE_NAME_V2", "/in.csv").containsEntry("JOBNET_PARAM_COUNT", "3");
    assertThat(env.keySet()).noneMatch(k -> k.contains("JOBNETANCESTOR") || k.contains("MARKER"));
  }
}
