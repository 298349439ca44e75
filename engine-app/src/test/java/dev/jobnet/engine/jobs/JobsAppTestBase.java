package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.JobnetDeployment;
import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.protocol.Protocol;
import dev.jobnet.protocol.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The engine app with an agents' user and two applications (tenants {@code shop} and {@code bank}),
 * a one-job jobnet of each, and the REST calls of the agents' API.
 */
@TestPropertySource(properties = {
    "jobnet.agent.user=" + JobsAppTestBase.AGENT,
    "jobnet.agent.password=" + JobsAppTestBase.AGENT_PASSWORD,
    "jobnet.tenants[0].id=shop",
    "jobnet.tenants[0].user=" + JobsAppTestBase.SHOP_APP,
    "jobnet.tenants[0].password=" + JobsAppTestBase.SHOP_PASSWORD,
    "jobnet.tenants[1].id=bank",
    "jobnet.tenants[1].user=" + JobsAppTestBase.BANK_APP,
    "jobnet.tenants[1].password=" + JobsAppTestBase.BANK_PASSWORD})
abstract class JobsAppTestBase extends EngineAppTest {

  static final String AGENT = "agent";
  static final String AGENT_PASSWORD = "agent-secret";
  static final String SHOP_APP = "shop-app";
  static final String SHOP_PASSWORD = "shop-secret";
  static final String BANK_APP = "bank-app";
  static final String BANK_PASSWORD = "bank-secret";
  static final String TOPIC = Topics.of("default");

  @Autowired
  TestRestTemplate rest;
  @Autowired
  ProcessEngine engine;

  /** Deploys a jobnet of one job {@code only} for a tenant; its key. */
  String deploy(String tenant) {
    String key = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
    JobnetDeployment.deploy(engine, tenant, """
        jobnets:
          %s:
            jobs:
              only: echo hello
        """.formatted(key));
    return key;
  }

  /** Starts a run of the jobnet and fetches its job as {@code worker} with the engine's API. */
  LockedExternalTask startAndFetch(String key, String tenant, String worker, long lockMillis) {
    String run = engine.getRuntimeService().createProcessInstanceByKey(key).processDefinitionTenantId(tenant)
        .execute().getId();
    return fetch(run, worker, lockMillis);
  }

  /** Fetches the job of a run as {@code worker}, waiting for it to become fetchable (at most 20 s). */
  LockedExternalTask fetch(String run, String worker, long lockMillis) {
    String definition = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(run).singleResult()
        .getProcessDefinitionId();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      LockedExternalTask found = null;
      for (LockedExternalTask t : fetchable(definition, worker, lockMillis)) {
        if (found == null && t.getProcessInstanceId().equals(run)) {
          found = t;
        } else {
          engine.getExternalTaskService().unlock(t.getId());
        }
      }
      if (found != null) {
        return found;
      }
      pause();
    }
    throw new AssertionError("the job of run " + run + " never became fetchable for " + worker + "; tasks: "
        + engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run).list().stream()
            .map(t -> t.getId() + " locked by " + t.getWorkerId() + " until " + t.getLockExpirationTime()
                + ", retries " + t.getRetries())
            .toList());
  }

  /** Fetches (and locks) what {@code worker} may fetch of the jobnet's runs now. */
  List<LockedExternalTask> fetchable(String processDefinitionId, String worker, long lockMillis) {
    return engine.getExternalTaskService().fetchAndLock(10, worker).topic(TOPIC, lockMillis)
        .processDefinitionId(processDefinitionId).execute();
  }

  /** Waits until the lock of the task has expired (the engine's clock is the system's). */
  void awaitLockExpired(String taskId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var task = engine.getExternalTaskService().createExternalTaskQuery().externalTaskId(taskId).singleResult();
      if (task.getLockExpirationTime() == null || task.getLockExpirationTime().getTime() < System.currentTimeMillis()) {
        return;
      }
      pause();
    }
    throw new AssertionError("the lock of task " + taskId + " did not expire within 10 s");
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  TestRestTemplate as(String user, String password) {
    return rest.withBasicAuth(user, password);
  }

  TestRestTemplate agent() {
    return as(AGENT, AGENT_PASSWORD);
  }

  /** A new user who is a member of {@code camunda-admin} only (Camunda's administrators), not of jobnet-admins. */
  TestRestTemplate camundaAdminOnly() {
    String id = "camunda-admin-" + UUID.randomUUID().toString().substring(0, 8);
    User user = engine.getIdentityService().newUser(id);
    user.setPassword(id + "-secret");
    engine.getIdentityService().saveUser(user);
    engine.getIdentityService().createMembership(id, Groups.CAMUNDA_ADMIN);
    return as(id, id + "-secret");
  }

  static ResponseEntity<String> postJson(TestRestTemplate rest, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
  }

  static ResponseEntity<String> postBytes(TestRestTemplate rest, String path, byte[] bytes) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(bytes, headers), String.class);
  }

  static ResponseEntity<String> delete(TestRestTemplate rest, String path) {
    return rest.exchange(path, HttpMethod.DELETE, null, String.class);
  }

  static String marker(String worker, int attempt) {
    return "{\"workerId\":\"" + worker + "\",\"attempt\":" + attempt + "}";
  }
}
