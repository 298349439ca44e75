package dev.jobnet.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The engine app starts on the test database with Camunda's schema and ours, and serves its REST API. */
class EngineStartsAppTest extends EngineAppTest {

  @Autowired
  TestRestTemplate rest;

  @Test
  void theEngineRestApiAnswers() {
    // when
    ResponseEntity<String> response = rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/engine-rest/engine",
        String.class);
    // then
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("\"name\":\"default\"");
  }

  @Test
  void ourTablesExistBesideCamundas() throws Exception {
    // when / then
    try (Connection c = TestDatabase.shared().connect()) {
      assertThat(tableExists(c, "jobnet_node_state")).isTrue();
      assertThat(tableExists(c, "act_ru_execution")).isTrue();
    }
  }

  private static boolean tableExists(Connection c, String table) throws Exception {
    for (String name : new String[] {table, table.toUpperCase()}) {
      try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
