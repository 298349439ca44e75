package dev.jobnet.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.OperatorTestBase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /jobnet-api/runs?state=attention}: the runs an operator must look at, each with why, so
 * that the first screen tells the night's story: failed and stopped runs of the last day not rerun yet,
 * and runs that go on with a job FAILED, STUCK or held.
 */
class AttentionAppTest extends OperatorTestBase {

  @Test
  void theRunsThatNeedAnOperatorAreListedWithWhyAndTheOthersAreNot() {
    // given: one run of each kind, of one jobnet
    String key = deploy(FORK_AND_FINALLY);
    String succeeded = start(key);
    succeed(fetch(succeeded, "first", "w1", 60_000));
    succeed(fetch(succeeded, "long", "w1", 60_000));
    succeed(fetch(succeeded, "side", "w1", 60_000));
    succeed(fetch(succeeded, "after", "w1", 60_000));
    succeed(fetch(succeeded, "_finally.cleanup", "w1", 60_000));
    awaitRunState(succeeded, "SUCCEEDED");

    String failed = start(key);
    succeed(fetch(failed, "first", "w1", 60_000));
    succeed(fetch(failed, "long", "w1", 60_000));
    failJob(fetch(failed, "side", "w1", 60_000), "exit status 3");
    succeed(fetch(failed, "_finally.cleanup", "w1", 60_000));
    awaitRunState(failed, "FAILED");

    String failingOn = start(key);
    succeed(fetch(failingOn, "first", "w1", 60_000));
    failJob(fetch(failingOn, "side", "w1", 60_000), "exit status 1");

    String held = start(key);
    assertThat(post(admin(), "/jobnet-api/runs/" + held + "/nodes/after/hold", "{\"reason\": \"db backup\"}")
        .getStatusCode().value()).isEqualTo(200);

    String quiet = start(key);

    // when
    Map<String, JsonNode> listed = list(key);

    // then
    assertThat(listed).containsOnlyKeys(failed, failingOn, held);
    assertThat(listed.get(failed).get("attention").asText()).isEqualTo("FAILED: side FAILED (exit status 3)");
    assertThat(listed.get(failingOn).get("attention").asText()).isEqualTo("side FAILED (exit status 1)");
    assertThat(listed.get(held).get("attention").asText()).matches("after ON_HOLD \\(held by " + ADMIN
        + " since [-0-9T:]+Z: db backup\\)");
    assertThat(listed).doesNotContainKey(quiet).doesNotContainKey(succeeded);

    // and a failed run that was rerun no longer needs attention; its rerun does while it runs
    String rerun = json(post(admin(), "/jobnet-api/runs/" + failed + "/rerun", "{\"reason\": \"fixed\"}").getBody())
        .get("runId").asText();
    Map<String, JsonNode> after = list(key);
    assertThat(after).doesNotContainKey(failed).doesNotContainKey(rerun);
    JsonNode all = json(admin().getForEntity("/jobnet-api/runs?jobnet=" + key + "&max=50", String.class).getBody());
    for (JsonNode run : all.get("runs")) {
      if (run.get("id").asText().equals(failed)) {
        assertThat(run.get("rerunBy").asText()).isEqualTo(rerun);
        assertThat(run.get("attention").isNull()).isTrue();
      }
    }
  }

  private Map<String, JsonNode> list(String key) {
    ResponseEntity<String> r = admin().getForEntity("/jobnet-api/runs?state=attention&jobnet=" + key + "&max=50",
        String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    JsonNode page = json(r.getBody());
    Map<String, JsonNode> runs = new LinkedHashMap<>();
    page.get("runs").forEach(run -> runs.put(run.get("id").asText(), run));
    assertThat(page.get("total").asLong()).isEqualTo(runs.size());
    return runs;
  }
}
