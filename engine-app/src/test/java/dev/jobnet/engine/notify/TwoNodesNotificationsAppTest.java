package dev.jobnet.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.notify.impl.OutboxTable;
import dev.jobnet.engine.testing.Agents;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.MailServer;
import dev.jobnet.engine.testing.MailServer.Received;
import dev.jobnet.engine.testing.SecondNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Two engine-app nodes on one database send from one outbox: every mail still goes once. */
@TestPropertySource(properties = {
    "jobnet.notify.poll-interval=PT0.1S",
    "jobnet.notify.retry-initial=PT0.2S",
    "jobnet.notify.retry-max=PT0.4S"})
class TwoNodesNotificationsAppTest extends EngineAppTest {

  static final MailServer MAIL = MailServer.start();
  static final int RUNS = 12;

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", MAIL::port);
  }

  @Autowired
  ProcessEngine engine;
  @Autowired
  OutboxTable outbox;
  @Autowired
  PlatformTransactionManager transactions;

  @Test
  void twoNodesSendingFromOneOutboxSendEachMailOnce() throws Exception {
    // given: a second node, and mails piling up while the mail server is down
    Path noDefinitions = Files.createTempDirectory("jobnet-no-definitions");
    try (ConfigurableApplicationContext node2 = SecondNode.start("node2-" + UUID.randomUUID(), noDefinitions,
        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + MAIL.port(),
        "--jobnet.notify.poll-interval=PT0.1S", "--jobnet.notify.retry-initial=PT0.2S",
        "--jobnet.notify.retry-max=PT0.4S")) {
      String key = "two-" + UUID.randomUUID().toString().substring(0, 8);
      JobnetDeployment.deploy(engine, "jobnets:\n  " + key + ":\n    jobs:\n      only: o.sh\n");
      MAIL.stop();
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        String run = engine.getRuntimeService().startProcessInstanceByKey(key,
            Map.of("notifyEmail", "user" + i + "@example.test")).getId();
        engine.getExternalTaskService().complete(Agents.fetch(engine, run, "only", "agent-1").getId(), "agent-1");
        runs.add(run);
      }
      Agents.await("a failed send of every mail", () -> runs.stream().allMatch(r -> outbox.ofRun(r).stream()
          .anyMatch(m -> m.attempts() >= 1 && m.lastError() != null)), () -> states(runs));
      // when: the mail server is back, and both nodes go for the mails due
      MAIL.restart();
      // then
      Agents.await("every mail SENT", Duration.ofSeconds(30), () -> runs.stream().allMatch(r -> outbox.ofRun(r)
          .stream().allMatch(m -> m.state() == OutboxState.SENT)), () -> states(runs));
      List<Received> received = MAIL.received();
      assertThat(received).hasSize(RUNS);
      assertThat(received).extracting(Received::run).containsExactlyInAnyOrderElementsOf(runs);
      for (int i = 0; i < RUNS; i++) {
        String run = runs.get(i);
        assertThat(MAIL.receivedFor(run)).singleElement().extracting(Received::to)
            .isEqualTo(List.of("user" + i + "@example.test"));
      }
    }
  }

  @Test
  void aMailDueIsClaimedByOneOfManyAtOnce() throws Exception {
    // given: a mail due far in the future, so that no node's sender takes it meanwhile
    Instant future = Instant.parse("2100-01-01T00:00:00Z");
    long eventId = -System.nanoTime();
    new TransactionTemplate(transactions).executeWithoutResult(s -> outbox.add(eventId, MailKind.RUN_ENDED, null,
        null, null, Map.of("message", "claim race"), future));
    long id = outbox.due(future, 10_000).stream().filter(i -> outbox.find(i).orElseThrow().eventId() == eventId)
        .findFirst().orElseThrow();
    int claimers = 8;
    CyclicBarrier start = new CyclicBarrier(claimers);
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      // when: eight claim it at once
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < claimers; i++) {
        String node = "node-" + i;
        claims.add(pool.submit(() -> {
          start.await();
          return outbox.claim(id, node, future.plusSeconds(1), future.plusSeconds(300));
        }));
      }
      // then: one has it
      int won = 0;
      for (Future<Boolean> claim : claims) {
        won += claim.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(outbox.find(id).orElseThrow().attempts()).isEqualTo(1);
      // and nobody else may claim it while the lease holds; anyone after it ran out
      assertThat(outbox.claim(id, "late", future.plusSeconds(2), future.plusSeconds(400))).isFalse();
      // nor finish or postpone a mail it does not hold
      assertThat(outbox.finish(id, "late", OutboxState.SENT, "x@example.test", null, future)).isFalse();
      assertThat(outbox.postpone(id, "late", future.plusSeconds(60), "refused")).isFalse();
      assertThat(outbox.claim(id, "later", future.plusSeconds(301), future.plusSeconds(600))).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  private String states(List<String> runs) {
    List<String> seen = new ArrayList<>();
    for (String r : runs) {
      outbox.ofRun(r).forEach(m -> seen.add(m.state() + "/" + m.attempts() + "/" + m.lastError()));
    }
    return seen.toString();
  }
}
