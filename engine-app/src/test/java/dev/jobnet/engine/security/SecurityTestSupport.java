package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.engine.security.SecuritySetup.ServiceUser;
import dev.jobnet.engine.security.SecuritySetup.TenantSetup;
import dev.jobnet.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Jobnets, tenants and REST calls for the security tests; every name is unique per call. */
final class SecurityTestSupport {

  private SecurityTestSupport() {}

  /** A short unique suffix for ids (tenants, users, jobnets) in the database all tests share. */
  static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Two applications with their tenants and service users, and optionally an agents' user. */
  static SecuritySetup twoTenants(AdminCredentials admin, String suffix, boolean withAgent) {
    return new SecuritySetup(admin,
        withAgent ? Optional.of(new ServiceUser("agent-" + suffix, "agent-secret-" + suffix)) : Optional.empty(),
        List.of(tenant("a" + suffix), tenant("b" + suffix)));
  }

  static TenantSetup tenant(String id) {
    return new TenantSetup(id, "Application " + id, new ServiceUser("app-" + id, "secret-" + id));
  }

  /** A jobnet of one job (topic {@code jobnet.default}) converted to BPMN. */
  static String bpmn(String jobnetId) {
    JobnetConverter converter = new JobnetConverter();
    Validation validation = converter.validate(List.of(new SourceFile(jobnetId + ".yaml", """
        jobnets:
          %s:
            jobs:
              only: echo hello
        """.formatted(jobnetId))));
    assertThat(validation.findings()).as("findings").isEmpty();
    List<ConvertedJobnet> converted = converter.convert(validation);
    assertThat(converted).hasSize(1);
    return converted.get(0).bpmnXml();
  }

  /** Deploys a one-job jobnet for a tenant (null: shared), as the engine itself (no user). */
  static void deploy(ProcessEngine engine, String jobnetId, String tenantId) {
    DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name("security-test-" + jobnetId)
        .addString(jobnetId + ".bpmn", bpmn(jobnetId));
    if (tenantId != null) {
      builder.tenantId(tenantId);
    }
    builder.deploy();
  }

  /** REST calls as one user (or none). */
  record Caller(TestRestTemplate rest) {

    static Caller as(TestRestTemplate rest, String user, String password) {
      return new Caller(rest.withBasicAuth(user, password));
    }

    static Caller as(TestRestTemplate rest, ServiceUser user) {
      return as(rest, user.id(), user.password());
    }

    static Caller anonymous(TestRestTemplate rest) {
      return new Caller(rest);
    }

    ResponseEntity<String> get(String path) {
      return rest.getForEntity(path, String.class);
    }

    ResponseEntity<String> post(String path, String json) {
      HttpHeaders headers = new HttpHeaders();
      headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
      headers.setContentType(MediaType.APPLICATION_JSON);
      return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
    }

    ResponseEntity<String> put(String path, String json) {
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_JSON);
      return rest.exchange(path, HttpMethod.PUT, new HttpEntity<>(json, headers), String.class);
    }

    ResponseEntity<String> delete(String path) {
      return rest.exchange(path, HttpMethod.DELETE, null, String.class);
    }

    /** {@code POST /engine-rest/deployment/create} with one BPMN file, for no tenant. */
    ResponseEntity<String> deploy(String jobnetId) {
      MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
      form.add("deployment-name", "rest-" + jobnetId);
      form.add("data", new ByteArrayResource(bpmn(jobnetId).getBytes()) {
        @Override
        public String getFilename() {
          return jobnetId + ".bpmn";
        }
      });
      HttpHeaders headers = new HttpHeaders();
      headers.set(Protocol.HEADER, Integer.toString(Protocol.VERSION)); // as an agent of this version
      headers.setContentType(MediaType.MULTIPART_FORM_DATA);
      return rest.exchange("/engine-rest/deployment/create", HttpMethod.POST, new HttpEntity<>(form, headers),
          String.class);
    }
  }
}
