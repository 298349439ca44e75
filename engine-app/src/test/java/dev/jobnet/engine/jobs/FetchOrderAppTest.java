package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.protocol.Topics;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;

/**
 * Agents are handed the jobs that waited longest first, and the indexes that let the database find them
 * without reading every waiting job are there ({@link FetchIndexes}), on H2 and on PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class FetchOrderAppTest extends JobsAppTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  DataSource dataSource;

  @Test
  void theIndexesThatKeepAFetchCheapUnderABacklogAreThere() throws Exception {
    assertThat(indexes("ACT_RU_EXT_TASK")).contains("JOBNET_IDX_EXT_TASK_TOPIC_CREATED", "JOBNET_IDX_EXT_TASK_CREATED");
    assertThat(indexes("ACT_RU_VARIABLE")).contains("JOBNET_IDX_VAR_EXE_TASK");
  }

  @Test
  void anAgentsFetchHandsOutTheJobThatWaitedLongestFirst() throws Exception {
    // given: three runs whose jobs became ready in another order than they were written
    String server = "fifo-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "fifo-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, null, """
        jobnets:
          %s:
            jobs:
              only: { run: echo hello, server: %s }
        """.formatted(key, server));
    long now = System.currentTimeMillis();
    List<String> runs = new ArrayList<>();
    try {
      for (long minutesAgo : new long[] {1, 3, 2}) {
        ClockUtil.setCurrentTime(new Date(now - minutesAgo * 60_000));
        runs.add(engine.getRuntimeService().startProcessInstanceByKey(key).getId());
      }
    } finally {
      ClockUtil.reset();
    }

    // when: the agent fetches one job at a time, as it asks (no priorities, oldest first)
    List<String> handedOut = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ResponseEntity<String> r = postJson(agent(), "/engine-rest/external-task/fetchAndLock", """
          {"workerId":"fifo-agent","maxTasks":1,"usePriority":false,
           "sorting":[{"sortBy":"createTime","sortOrder":"asc"}],
           "topics":[{"topicName":"%s","lockDuration":60000}]}""".formatted(Topics.of(server)));
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
      JsonNode tasks = JSON.readTree(r.getBody());
      assertThat(tasks).as(r.getBody()).hasSize(1);
      handedOut.add(tasks.get(0).get("processInstanceId").asText());
    }

    // then: the run whose job waited 3 minutes, then 2, then 1
    assertThat(handedOut).containsExactly(runs.get(1), runs.get(2), runs.get(0));
  }

  @Test
  void anIndexThatCannotBeMadeIsLoggedWithItsStatementAndTheEngineGoesOn(CapturedOutput output) {
    assertThatCode(() -> FetchIndexes.create(dataSource, "NO_SUCH_")).doesNotThrowAnyException();
    assertThat(output.getAll())
        .contains("could not create an index that keeps fetching jobs cheap under a backlog")
        .contains("Have it created: CREATE INDEX IF NOT EXISTS JOBNET_IDX_EXT_TASK_TOPIC_CREATED ON NO_SUCH_ACT_RU_EXT_TASK")
        .contains("Have it created: CREATE INDEX IF NOT EXISTS JOBNET_IDX_VAR_EXE_TASK ON NO_SUCH_ACT_RU_VARIABLE");
  }

  /** The names of the table's indexes, upper case (PostgreSQL keeps them lower case). */
  private Set<String> indexes(String table) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      for (String name : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
        try (ResultSet rs = meta.getIndexInfo(null, null, name, false, false)) {
          while (rs.next()) {
            if (rs.getString("INDEX_NAME") != null) {
              names.add(rs.getString("INDEX_NAME").toUpperCase(Locale.ROOT));
            }
          }
        }
      }
    }
    return names;
  }
}
