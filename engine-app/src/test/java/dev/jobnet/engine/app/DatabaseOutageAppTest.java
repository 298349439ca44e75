package dev.jobnet.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestDatabase;
import dev.jobnet.testing.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine app survives a database outage without a restart: with PostgreSQL behind a TCP proxy,
 * the network to the database is cut (every connection closed, new ones refused) and restored.
 * PostgreSQL only: an in-memory H2 cannot be cut off. Its own application context (not
 * {@link EngineAppTest}'s), whose database URL leads through the proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "jobnet.admin.user=" + EngineAppTest.ADMIN,
    "jobnet.admin.password=" + EngineAppTest.ADMIN_PASSWORD,
    "jobnet.definitions=",
    "spring.datasource.hikari.connection-timeout=2000"})
@EnabledIfSystemProperty(named = "jobnet.test.db", matches = "postgres")
class DatabaseOutageAppTest {

  private static final String ADMIN = EngineAppTest.ADMIN;
  private static final String ADMIN_PASSWORD = EngineAppTest.ADMIN_PASSWORD;

  private static TcpProxy proxy;

  @DynamicPropertySource
  static void throughProxy(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase db = TestDatabase.shared();
    String url = db.url();
    if (db.kind() == TestDatabase.Kind.POSTGRES) {
      URI uri = URI.create(db.url().substring("jdbc:".length()));
      proxy = new TcpProxy(uri.getHost(), uri.getPort());
      url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath();
    }
    String chosen = url;
    registry.add("spring.datasource.url", () -> chosen);
    registry.add("spring.datasource.username", db::user);
    registry.add("spring.datasource.password", db::password);
  }

  @AfterAll
  static void closeProxy() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  javax.sql.DataSource dataSource;

  private ResponseEntity<String> definitions() {
    return rest.withBasicAuth(ADMIN, ADMIN_PASSWORD).getForEntity("/engine-rest/process-definition/count",
        String.class);
  }

  @Test
  void requestsFailWhileTheDatabaseIsUnreachableAndSucceedAgainWithoutARestart() throws Exception {
    // given
    assertThat(((com.zaxxer.hikari.HikariDataSource) dataSource).getJdbcUrl()).contains(":" + proxy.port() + "/");
    assertThat(definitions().getStatusCode()).isEqualTo(HttpStatus.OK);
    // when: the database goes away
    proxy.cut();
    ResponseEntity<String> during = definitions();
    // then
    assertThat(during.getStatusCode().is5xxServerError()).as("answer while cut: %s", during).isTrue();
    // when: it comes back
    proxy.restore();
    // then: within a deadline, without a restart, every request works again
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ResponseEntity<String> after = definitions();
    while (after.getStatusCode() != HttpStatus.OK && System.nanoTime() < deadline) {
      Thread.sleep(200);
      after = definitions();
    }
    assertThat(after.getStatusCode()).as("answer after the database came back: %s", after).isEqualTo(HttpStatus.OK);
    for (int i = 0; i < 5; i++) {
      assertThat(definitions().getStatusCode()).isEqualTo(HttpStatus.OK);
    }
  }
}
