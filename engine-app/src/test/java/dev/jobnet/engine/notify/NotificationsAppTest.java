package dev.jobnet.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.events.Event;
import dev.jobnet.engine.events.EventKind;
import dev.jobnet.engine.events.EventLog;
import dev.jobnet.engine.events.EventQuery;
import dev.jobnet.engine.notify.impl.OutboxSignal;
import dev.jobnet.engine.notify.impl.OutboxTable;
import dev.jobnet.engine.security.JobnetGroups;
import dev.jobnet.engine.testing.Agents;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.MailServer;
import dev.jobnet.engine.testing.MailServer.Received;
import dev.jobnet.engine.testing.TestUsers;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every kind of notification mail, received by a real SMTP server: to whom, its subject and its
 * content; a mail due while the mail server is down; a mail whose event was rolled back.
 */
@TestPropertySource(properties = {
    "jobnet.agent.user=" + NotificationsAppTest.AGENT,
    "jobnet.agent.password=" + NotificationsAppTest.AGENT_PASSWORD,
    "jobnet.notify.cockpit-url=" + NotificationsAppTest.PUBLIC_URL,
    "jobnet.notify.time-zone=UTC",
    "jobnet.notify.output-lines=3",
    "jobnet.notify.poll-interval=PT0.2S",
    "jobnet.notify.retry-initial=PT0.2S",
    "jobnet.notify.retry-max=PT0.5S"})
class NotificationsAppTest extends EngineAppTest {

  static final String AGENT = "agent";
  static final String AGENT_PASSWORD = "agent-secret";
  static final String PUBLIC_URL = "https://jobnet.example.test";
  static final MailServer MAIL = MailServer.start();

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", MAIL::port);
  }

  @Autowired
  ProcessEngine engine;
  @Autowired
  TestRestTemplate rest;
  @Autowired
  OutboxTable outbox;
  @Autowired
  EventLog events;
  @Autowired
  PlatformTransactionManager transactions;
  @Autowired
  MailComposer composer;
  @Autowired
  JavaMailSender mailSender;
  @Autowired
  OutboxSignal signal;
  @Autowired
  NotifyProperties properties;
  @Autowired
  JdbcTemplate jdbc;

  @BeforeEach
  void users() {
    user("alice", "alice@example.test", false);
    user("bob", "ops@example.test", true);
  }

  @AfterEach
  void mailServerIsUp() {
    MAIL.restartIfStopped();
  }

  @Test
  void theUserGetsOneMailWhenTheRunEndsWithTheOutcomeWhatFailedAndALink() {
    // given: extract fails for good, so load is skipped; side succeeds
    String key = deploy("""
        jobnets:
          nt-$:
            name: 夜間取込
            jobs:
              extract: { name: 抽出, run: e.sh, retry: 0, next: load }
              load: { name: 集計結果取込, run: l.sh }
              side: s.sh
        """);
    String run = engine.getRuntimeService().startProcessInstanceByKey(key, "2026-11-23",
        Map.of("notifyEmail", "requester@example.test")).getId();
    // when: the agent starts extract (its marker: attempt 1), which fails
    LockedExternalTask extract = Agents.fetch(engine, run, "extract", "agent-1");
    startMarker(extract, 1);
    engine.getExternalTaskService().complete(extract.getId(), "agent-1", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 3 <disk full>"));
    engine.getExternalTaskService().complete(Agents.fetch(engine, run, "side", "agent-1").getId(), "agent-1");
    // then
    Received mail = awaitOne(run, MailKind.RUN_ENDED);
    assertThat(mail.to()).containsExactly("requester@example.test");
    assertThat(mail.subject()).isEqualTo("[jobnet] FAILED " + key + " 夜間取込 key 2026-11-23");
    assertThat(mail.text())
        .contains("The run of jobnet " + key + " 夜間取込 has ended: FAILED.")
        .contains("Business key: 2026-11-23")
        .contains("Failed and stopped jobs:\n  - " + key + "/extract 抽出: FAILED — exit status 3 <disk full> (attempt 1,"
            + " agent agent-1)")
        .contains("Skipped because of them:\n  - " + key + "/load 集計結果取込")
        .doesNotContain(key + "/side")
        .contains(PUBLIC_URL + "/camunda/app/cockpit/default/#/process-instance/" + run + "/runtime");
    assertThat(mail.html()).contains("exit status 3 &lt;disk full&gt;").contains("集計結果取込")
        .contains("<a href=\"" + PUBLIC_URL + "/camunda/app/cockpit/default/#/process-instance/" + run + "/runtime\">");
    awaitState(run, MailKind.RUN_ENDED, OutboxState.SENT);
    assertThat(eventsOf(run, EventKind.MAIL_SENT)).extracting(e -> e.detail("mail")).contains("RUN_ENDED");
  }

  @Test
  void withoutNotifyEmailTheMailGoesToTheUserIdsAddressOrElseToTheStartingUsers() {
    // given
    String key = deploy("jobnets:\n  ok-$:\n    jobs:\n      only: o.sh\n");
    String forAlice = engine.getRuntimeService().startProcessInstanceByKey(key, Map.of("userId", "alice")).getId();
    engine.getIdentityService().setAuthentication("bob", List.of(JobnetGroups.OPERATORS));
    String byBob;
    try {
      byBob = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    // when
    for (String run : List.of(forAlice, byBob)) {
      engine.getExternalTaskService().complete(Agents.fetch(engine, run, "only", "agent-1").getId(), "agent-1");
    }
    // then
    Received alice = awaitOne(forAlice, MailKind.RUN_ENDED);
    assertThat(alice.to()).containsExactly("alice@example.test");
    assertThat(alice.subject()).isEqualTo("[jobnet] SUCCEEDED " + key);
    assertThat(alice.text()).contains("has ended: SUCCEEDED.").doesNotContain("Failed and stopped jobs");
    Received bob = awaitOne(byBob, MailKind.RUN_ENDED);
    assertThat(bob.to()).containsExactly("ops@example.test");
    assertThat(bob.text()).contains(" by bob");
  }

  @Test
  void theUserIsToldOfARunDeletedInCockpitAsOfAStopWithWhoDeletedIt() {
    // given: alice's run, its job running
    String key = deploy("jobnets:\n  del-$:\n    jobs:\n      only: o.sh\n");
    String run = engine.getRuntimeService().startProcessInstanceByKey(key, Map.of("userId", "alice")).getId();
    startMarker(Agents.fetch(engine, run, "only", "agent-1"), 1);
    // when: the operator bob deletes it as Cockpit's × does (custom listeners skipped)
    ResponseEntity<String> deleted = rest.withBasicAuth("bob", "bob-secret").exchange(
        "/engine-rest/process-instance/" + run + "?skipCustomListeners=true", HttpMethod.DELETE, null, String.class);
    assertThat(deleted.getStatusCode().is2xxSuccessful()).as("delete: %s", deleted.getBody()).isTrue();
    // then
    Received mail = awaitOne(run, MailKind.RUN_ENDED);
    assertThat(mail.to()).containsExactly("alice@example.test");
    assertThat(mail.subject()).isEqualTo("[jobnet] STOPPED " + key);
    assertThat(mail.text()).contains("has ended: STOPPED.")
        .contains("deleted through the engine API by bob")
        .contains(key + "/only: STOPPED");
  }

  @Test
  void aRunTheSchedulerStartedIsToldToTheAdministrators() {
    // given: a run started as the scheduler of schedules starts one: by nobody, carrying its tick
    String key = deploy("jobnets:\n  sched-$:\n    schedule: \"0 0 2 * * ?\"\n    jobs:\n      only: o.sh\n");
    String run = engine.getRuntimeService().startProcessInstanceByKey(key,
        Map.of(ProcessVariables.SCHEDULED_AT, "2026-12-29T02:00:00+09:00")).getId();
    // when
    engine.getExternalTaskService().complete(Agents.fetch(engine, run, "only", "agent-1").getId(), "agent-1");
    // then: one mail to every administrator with an address
    List<Received> copies = awaitCopies(run, MailKind.RUN_ENDED, 2);
    assertThat(copies).extracting(Received::messageId).containsOnly(copies.get(0).messageId());
    assertThat(copies.get(0).to()).containsExactlyInAnyOrder("admin@example.test", "ops@example.test");
    assertThat(copies.get(0).subject()).isEqualTo("[jobnet] SUCCEEDED " + key);
  }

  @Test
  void aRunWithNobodyToTellSendsNothingAndTheEventLogSaysSo() {
    // given: started by no user, no notifyEmail, no userId
    String key = deploy("jobnets:\n  nobody-$:\n    jobs:\n      only: o.sh\n");
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    // when
    engine.getExternalTaskService().complete(Agents.fetch(engine, run, "only", "agent-1").getId(), "agent-1");
    // then
    awaitState(run, MailKind.RUN_ENDED, OutboxState.NO_RECIPIENT);
    assertThat(MAIL.receivedFor(run)).isEmpty();
    assertThat(eventsOf(run, EventKind.MAIL_FAILING)).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("nobody to tell"));
  }

  @Test
  void theAdministratorsAreToldWhenAJobUsedUpItsRetriesWithTheReasonTheAgentAndTheOutput() {
    // given: the job shipped its output, and failed for good
    String key = deploy("""
        jobnets:
          adm-$:
            jobs:
              extract: { name: 抽出, run: e.sh, retry: 0 }
        """);
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    LockedExternalTask task = Agents.fetch(engine, run, "extract", "agent-1");
    startMarker(task, 1);
    ship(task, "stderr", "line 1\nline 2\nline 3 エラー\nline 4 <fatal>\n");
    // when
    engine.getExternalTaskService().complete(task.getId(), "agent-1", null,
        Map.of(ProcessVariables.RESULT, "FAILED", ProcessVariables.RESULT_REASON, "exit status 3"));
    // then: one mail to every administrator with an address, each once
    List<Received> copies = awaitCopies(run, MailKind.JOB_FAILED, 2);
    assertThat(copies).extracting(Received::messageId).containsOnly(copies.get(0).messageId());
    Received mail = copies.get(0);
    assertThat(mail.to()).containsExactlyInAnyOrder("admin@example.test", "ops@example.test");
    assertThat(mail.subject()).isEqualTo("[jobnet] JOB FAILED " + key + "/extract 抽出: retries used up");
    assertThat(mail.text())
        .contains("has used up its retries and FAILED")
        .containsPattern("Reason: +exit status 3\n")
        .containsPattern("Agent: +agent-1\n")
        .containsPattern("Attempt: +1\n")
        .contains("The last lines of stderr (at most 3):\n  | line 2\n  | line 3 エラー\n  | line 4 <fatal>\n")
        .doesNotContain("line 1")
        .contains(PUBLIC_URL + "/jobnet-api/runs/" + run + "/jobs/extract/output/stderr")
        .contains(PUBLIC_URL + "/camunda/app/cockpit/default/#/process-instance/" + run + "/runtime");
    assertThat(mail.html()).contains("line 4 &lt;fatal&gt;");
  }

  @Test
  void theAdministratorsAreToldWhenAJobBecomesStuck() {
    // given
    String key = deploy("jobnets:\n  stuck-$:\n    jobs:\n      extract: { name: 抽出, run: e.sh }\n");
    String run = engine.getRuntimeService().startProcessInstanceByKey(key).getId();
    LockedExternalTask task = Agents.fetch(engine, run, "extract", "agent-1");
    // when: no retries left without an outcome: a failedExternalTask incident
    engine.getExternalTaskService().handleFailure(task.getId(), "agent-1", "heartbeat lost: agent agent-1 silent since "
        + "10:00", "details", 0, 600_000);
    // then
    Received mail = awaitCopies(run, MailKind.JOB_STUCK, 2).get(0);
    assertThat(mail.subject()).isEqualTo("[jobnet] JOB STUCK " + key + "/extract 抽出 on agent agent-1");
    assertThat(mail.text())
        .contains("is STUCK: its outcome is unknown")
        .containsPattern("Why: +heartbeat lost: agent agent-1 silent since 10:00\n")
        .containsPattern("Agent: +agent-1\n")
        .contains("What to do: check the machine of agent agent-1")
        .contains(PUBLIC_URL + "/jobnet-api/runs/" + run + "/nodes/extract/resolve");
    assertThat(eventsOf(run, EventKind.JOB_STUCK)).singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("agent-1"));
  }

  @Test
  void aMailDueWhileTheMailServerIsDownIsSentOnceWhenItIsBack() {
    // given: the mail server is down as the run ends
    String key = deploy("jobnets:\n  down-$:\n    jobs:\n      only: o.sh\n");
    String run = engine.getRuntimeService().startProcessInstanceByKey(key, Map.of("notifyEmail",
        "waiting@example.test")).getId();
    MAIL.stop();
    engine.getExternalTaskService().complete(Agents.fetch(engine, run, "only", "agent-1").getId(), "agent-1");
    Agents.await("two failed sends of the run's mail", () -> mail(run, MailKind.RUN_ENDED)
        .map(m -> m.attempts() >= 2 && m.lastError() != null && m.state() == OutboxState.PENDING).orElse(false),
        () -> String.valueOf(mail(run, MailKind.RUN_ENDED)));
    assertThat(eventsOf(run, EventKind.MAIL_FAILING)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.detail("gaveUp")).isEqualTo("false"));
    // when: it is back
    MAIL.restart();
    // then: the mail arrives, once
    awaitState(run, MailKind.RUN_ENDED, OutboxState.SENT);
    assertThat(MAIL.receivedFor(run)).singleElement()
        .satisfies(m -> assertThat(m.to()).containsExactly("waiting@example.test"));
    assertThat(eventsOf(run, EventKind.MAIL_SENT)).hasSize(1);
  }

  @Test
  void aMailIsDueOnlyWhenItsEventCommits() {
    // given
    String key = deploy("jobnets:\n  tx-$:\n    jobs:\n      only: o.sh\n");
    String run = engine.getRuntimeService().startProcessInstanceByKey(key, Map.of("notifyEmail",
        "tx@example.test")).getId();
    LockedExternalTask task = Agents.fetch(engine, run, "only", "agent-1");
    // when: the engine command that ends the run joins a transaction that is rolled back
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      engine.getExternalTaskService().complete(task.getId(), "agent-1");
      assertThat(outbox.ofRun(run)).as("the mail is due inside the transaction").hasSize(1);
      status.setRollbackOnly();
    });
    // then: no mail due, no event, the run goes on
    assertThat(outbox.ofRun(run)).isEmpty();
    assertThat(eventsOf(run, EventKind.JOBNET_ENDED)).isEmpty();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(run).count()).isEqualTo(1);
    // and when it commits, one mail
    engine.getExternalTaskService().complete(task.getId(), "agent-1");
    assertThat(awaitOne(run, MailKind.RUN_ENDED).to()).containsExactly("tx@example.test");
  }

  @Test
  void aMailThatCannotBeWrittenIsTriedAgainAndGivenUpAfterTheConfiguredTime() {
    // given: a mail due that names no run to tell of
    long eventId = -System.nanoTime();
    outbox.add(eventId, MailKind.RUN_ENDED, null, null, null, Map.of("message", "broken"), Instant.now());
    Agents.await("a failed attempt to write the broken mail", () -> broken(eventId)
        .map(m -> m.state() == OutboxState.PENDING && m.lastError() != null).orElse(false),
        () -> String.valueOf(broken(eventId)));
    assertThat(broken(eventId).orElseThrow().lastError()).startsWith("the mail could not be written");
    // when: a node whose clock is past jobnet.notify.give-up-after (7 days) tries it
    OutboxSender later = new OutboxSender(outbox, composer, mailSender, events, signal, properties, transactions,
        Clock.offset(Clock.systemUTC(), Duration.ofDays(8)));
    Agents.await("the broken mail given up", () -> {
      later.sendDue();
      return broken(eventId).map(m -> m.state() == OutboxState.GAVE_UP).orElse(false);
    }, () -> String.valueOf(broken(eventId)));
    // then: the event log tells each failure, the last one given up
    long outboxId = broken(eventId).orElseThrow().id();
    List<Event> failing = events.find(new EventQuery(null, null, Set.of(EventKind.MAIL_FAILING), null, null, null, 0,
        500, true)).events().stream().filter(e -> String.valueOf(outboxId).equals(e.detail("outboxId"))).toList();
    assertThat(failing).isNotEmpty();
    assertThat(failing.get(0).detail("gaveUp")).isEqualTo("true");
    assertThat(failing.get(0).message()).contains("given up: not sent for 7 days");
    assertThat(failing.subList(1, failing.size())).allSatisfy(e -> assertThat(e.detail("gaveUp")).isEqualTo("false"));
  }

  private Optional<OutboxMail> broken(long eventId) {
    return jdbc.queryForList("SELECT id FROM jobnet_mail_outbox WHERE event_id = ?", Long.class, eventId).stream()
        .map(outbox::find).flatMap(Optional::stream).findFirst();
  }

  private String deploy(String template) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String yaml = template.replace("$", suffix);
    JobnetDeployment.deploy(engine, yaml);
    return yaml.lines().skip(1).findFirst().orElseThrow().strip().replace(":", "");
  }

  private void user(String id, String email, boolean operator) {
    if (engine.getIdentityService().createUserQuery().userId(id).count() == 0) {
      TestUsers.createWithEmail(engine, id, id + "-secret", email,
          operator ? new String[] {JobnetGroups.OPERATORS} : new String[0]);
    }
  }

  private void startMarker(LockedExternalTask task, int attempt) {
    ResponseEntity<String> r = post("/jobnet-api/jobs/" + task.getId() + "/start", MediaType.APPLICATION_JSON,
        ("{\"workerId\":\"agent-1\",\"attempt\":" + attempt + "}").getBytes(StandardCharsets.UTF_8));
    assertThat(r.getStatusCode().is2xxSuccessful()).as("start marker: %s", r.getBody()).isTrue();
  }

  private void ship(LockedExternalTask task, String stream, String text) {
    ResponseEntity<String> r = post("/jobnet-api/jobs/" + task.getId() + "/output/" + stream + "?attempt=1&offset=0",
        MediaType.APPLICATION_OCTET_STREAM, text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.getStatusCode().is2xxSuccessful()).as("output: %s", r.getBody()).isTrue();
  }

  private ResponseEntity<String> post(String path, MediaType type, byte[] body) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
    headers.setContentType(type);
    return rest.withBasicAuth(AGENT, AGENT_PASSWORD).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers),
        String.class);
  }

  private Optional<OutboxMail> mail(String run, MailKind kind) {
    return outbox.ofRun(run).stream().filter(m -> m.kind() == kind).findFirst();
  }

  private void awaitState(String run, MailKind kind, OutboxState state) {
    Agents.await(kind + " mail of run " + run + " " + state, () -> mail(run, kind)
        .map(m -> m.state() == state).orElse(false), () -> String.valueOf(mail(run, kind)));
  }

  private Received awaitOne(String run, MailKind kind) {
    return awaitCopies(run, kind, 1).get(0);
  }

  /** Waits for the mail to be SENT, then returns the copies received: exactly {@code copies}. */
  private List<Received> awaitCopies(String run, MailKind kind, int copies) {
    awaitState(run, kind, OutboxState.SENT);
    List<Received> received = MAIL.receivedFor(run).stream().filter(r -> kind.name().equals(r.kind())).toList();
    assertThat(received).as("copies of the %s mail of run %s", kind, run).hasSize(copies);
    return received;
  }

  private List<Event> eventsOf(String run, EventKind kind) {
    return events.find(new EventQuery(run, null, Set.of(kind), null, null, null, 0, 500, false)).events();
  }
}
