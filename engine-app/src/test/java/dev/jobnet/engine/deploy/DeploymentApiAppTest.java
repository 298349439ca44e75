package dev.jobnet.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobnet.engine.testing.ProblemAnswers;
import dev.jobnet.engine.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code POST /jobnet-api/deployments}: what passes, what is refused, and that refused means nothing deployed. */
class DeploymentApiAppTest extends DeploymentApiTestBase {

  @LocalServerPort
  int port;

  @Test
  void aValidUploadIsDeployedAndAnswers201WithTheNewVersions() {
    // given
    String main = unique("api-main");
    String lib = unique("api-lib");
    // when
    Answer answer = uploadAsAdmin(files("main.yaml", expanding(main, lib), "lib.yaml", root(lib)));
    // then
    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    assertThat(answer.body().get("deploymentId").asText()).isNotBlank();
    assertThat(answer.headers().getLocation()).hasToString("/engine-rest/deployment/" + answer.body().get("deploymentId").asText());
    assertThat(roots(answer.body().get("deployed"))).containsExactlyInAnyOrder(tuple(main, 1), tuple(lib, 1));
    assertThat(answer.body().get("unchanged")).isEmpty();
    ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(main).latestVersion().singleResult();
    assertThat(definition.getTenantId()).isNull();
    assertThat(definition.getDeploymentId()).isEqualTo(answer.body().get("deploymentId").asText());
    assertThat(engine.getRepositoryService().createDeploymentQuery().deploymentId(definition.getDeploymentId())
        .singleResult().getName()).isEqualTo("jobnet-api");
  }

  @Test
  void bpmnEditedInModelerIsDeployedAsAJobnetWithItsPropertiesDerivedAndUnchangedOnTheSecondUpload()
      throws java.io.IOException {
    // given: bpmn/modeler-edited.bpmn, under a root id of this test, in a client's folder
    String id = unique("api-modeler");
    String bpmn = java.nio.file.Files.readString(java.nio.file.Path.of("..", "bpmn", "modeler-edited.bpmn"))
        .replace("modeler-edited", id);
    // when
    Answer first = uploadAsAdmin(files("flows/" + id + ".bpmn", bpmn));
    Answer second = uploadAsAdmin(files("flows/" + id + ".bpmn", bpmn));
    // then
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(roots(first.body().get("deployed"))).containsExactly(tuple(id, 1));
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(roots(second.body().get("unchanged"))).containsExactly(tuple(id, 1));
    ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(id).latestVersion().singleResult();
    assertThat(definition.getResourceName()).isEqualTo(id + ".bpmn");
    String deployed = new String(engine.getRepositoryService().getProcessModel(definition.getId()).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(deployed).contains("<camunda:property name=\"jobnet.kind\" value=\"root\"/>",
        "<camunda:property name=\"jobnet.path\" value=\"/" + id + "/verify\"/>",
        "<camunda:property name=\"jobnet.upstream\" value=\"load\"/>");
  }

  @Test
  void aJsonBodyDeploysLikeTheMultipartForm() {
    // given
    String id = unique("api-json");
    String body = "{\"files\":[{\"name\":\"json.yaml\",\"content\":" + quote(root(id)) + "}]}";
    // when
    Answer answer = postJson(body, null);
    // then
    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    assertThat(versions(id)).isEqualTo(1);
  }

  @Test
  void anUnchangedUploadCreatesNoVersionAndSaysWhichRootsWereUnchanged() {
    // given
    String a = unique("api-same-a");
    String b = unique("api-same-b");
    uploadAsAdmin(files("a.yaml", root(a), "b.yaml", root(b)));
    long before = allVersions();
    // when
    Answer answer = uploadAsAdmin(files("a.yaml", root(a), "b.yaml", root(b)));
    // then
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.body().get("deploymentId").isNull()).isTrue();
    assertThat(answer.body().get("deployed")).isEmpty();
    assertThat(roots(answer.body().get("unchanged"))).containsExactlyInAnyOrder(tuple(a, 1), tuple(b, 1));
    assertThat(allVersions()).isEqualTo(before);
  }

  @Test
  void aChangedRootBecomesANewVersionBesideItsUnchangedNeighbour() {
    // given
    String changed = unique("api-changed");
    String same = unique("api-same");
    uploadAsAdmin(files("two.yaml", root(changed) + root(same).replace("jobnets:\n", "")));
    // when
    String edited = root(changed).replace("second: { run: /bin/true }", "second: { run: /bin/false }");
    Answer answer = uploadAsAdmin(files("two.yaml", edited + root(same).replace("jobnets:\n", "")));
    // then
    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    assertThat(roots(answer.body().get("deployed"))).containsExactly(tuple(changed, 2));
    assertThat(roots(answer.body().get("unchanged"))).containsExactly(tuple(same, 1));
    assertThat(versions(changed)).isEqualTo(2);
    assertThat(versions(same)).isEqualTo(1);
  }

  @Test
  void uploadingAnOlderVersionAgainMakesItTheLatest() {
    // given
    String id = unique("api-revert");
    String v1 = root(id);
    String v2 = v1.replace("second: { run: /bin/true }", "second: { run: /bin/false }");
    uploadAsAdmin(files("r.yaml", v1));
    uploadAsAdmin(files("r.yaml", v2));
    // when
    Answer answer = uploadAsAdmin(files("r.yaml", v1));
    // then
    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    assertThat(roots(answer.body().get("deployed"))).containsExactly(tuple(id, 3));
  }

  @Test
  void anExpansionOfARootDeployedEarlierIsAccepted() {
    // given
    String lib = unique("api-deployed-lib");
    assertThat(uploadAsAdmin(files("lib.yaml", root(lib))).status()).isEqualTo(201);
    String main = unique("api-uses-lib");
    // when
    Answer answer = uploadAsAdmin(files("main.yaml", expanding(main, lib)));
    // then
    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    assertThat(roots(answer.body().get("deployed"))).containsExactly(tuple(main, 1));
  }

  @Test
  void recursionThroughARootDeployedEarlierIsRefusedAtItsExpansion() {
    // given: a expands b, both deployed
    String a = unique("api-rec-a");
    String b = unique("api-rec-b");
    assertThat(uploadAsAdmin(files("ab.yaml", expanding(a, b) + root(b).replace("jobnets:\n", ""))).status()).isEqualTo(201);
    long before = allVersions();
    // when: b now expands a
    Answer answer = uploadAsAdmin(files("b.yaml", expanding(b, a)));
    // then
    answer.assertProblem(400, "DEFINITIONS_REJECTED");
    assertThat(findings(answer)).extracting(f -> f.get("code").asText(), f -> f.get("name").asText(),
            f -> f.get("file").asText(), f -> f.get("line").asInt(), f -> f.get("column").asInt())
        .containsExactly(tuple("JN402", "EXPANSION_RECURSION", "b.yaml", 5, 23));
    assertThat(findings(answer).get(0).get("message").asText()).contains(b + " -> " + a + " -> " + b);
    assertThat(answer.body().get("detail").asText()).isEqualTo("1 finding(s) in 1 file(s); nothing was deployed");
    assertThat(allVersions()).isEqualTo(before);
  }

  @Test
  void aRootMayNotTakeTheIdOfADeployedProcessThatIsNoJobnet() {
    // given
    String id = unique("plain-process");
    engine.getRepositoryService().createDeployment().addString(id + ".bpmn", TestBpmn.plainProcess(id)).deploy();
    // when
    Answer answer = uploadAsAdmin(files("clash.yaml", root(id)));
    // then
    answer.assertProblem(400, "DEFINITIONS_REJECTED");
    assertThat(findings(answer)).extracting(f -> f.get("code").asText(), f -> f.get("line").asInt())
        .containsExactly(tuple("JN202", 2));
    assertThat(versions(id)).isEqualTo(1);
  }

  @Test
  void aTenantsDeploymentBelongsToTheTenant() {
    // given
    String id = unique("api-tenant");
    // when
    Answer answer = upload(ADMIN, ADMIN_PASSWORD, TENANT, files("t.yaml", root(id)));
    // then
    assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    assertThat(answer.body().get("tenant").asText()).isEqualTo(TENANT);
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(id)
        .singleResult().getTenantId()).isEqualTo(TENANT);
  }

  @Test
  void aTenantsRootsDoNotSeeTheSharedRoots() {
    // given: a shared root; the engine resolves a tenant's call activity within that tenant only
    String shared = unique("api-shared");
    uploadAsAdmin(files("shared.yaml", root(shared)));
    // when
    Answer answer = upload(ADMIN, ADMIN_PASSWORD, TENANT, files("t.yaml", expanding(unique("api-t"), shared)));
    // then
    answer.assertProblem(400, "DEFINITIONS_REJECTED");
    assertThat(findings(answer)).extracting(f -> f.get("code").asText()).containsExactly("JN401");
  }

  @Test
  void anUnknownTenantIsABadRequest() {
    // when
    Answer answer = upload(ADMIN, ADMIN_PASSWORD, "no-such-tenant", files("t.yaml", root(unique("api-x"))));
    // then
    assertThat(answer.assertProblem(400, "BAD_REQUEST").get("detail").asText())
        .contains("tenant 'no-such-tenant' is not configured", TENANT);
  }

  @Test
  void aUserWithoutThePermissionToDeployGets403AndNothingIsDeployed() {
    // given
    String user = TestUsers.withoutPermissions(engine);
    String id = unique("api-forbidden");
    // when
    Answer answer = upload(user, TestUsers.PASSWORD, null, files("f.yaml", root(id)));
    // then
    assertThat(answer.assertProblem(403, "FORBIDDEN").get("detail").asText()).contains(user, "CREATE", "DEPLOYMENT");
    assertThat(versions(id)).isZero();
  }

  @Test
  void aUserGrantedCreateOnDeploymentMayDeployButNotForATenantNotTheirs() {
    // given
    String user = TestUsers.withoutPermissions(engine);
    Authorization grant = engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId(user);
    grant.setResource(Resources.DEPLOYMENT);
    grant.setResourceId(Authorization.ANY);
    grant.addPermission(Permissions.CREATE);
    engine.getAuthorizationService().saveAuthorization(grant);
    // when
    Answer shared = upload(user, TestUsers.PASSWORD, null, files("s.yaml", root(unique("api-granted"))));
    Answer tenant = upload(user, TestUsers.PASSWORD, TENANT, files("t.yaml", root(unique("api-granted-t"))));
    // then
    assertThat(shared.status()).as(shared.toString()).isEqualTo(201);
    assertThat(tenant.assertProblem(403, "FORBIDDEN").get("detail").asText()).contains("tenant '" + TENANT + "'");
  }

  @Test
  void withoutCredentialsTheAnswerIs401() {
    // when
    Answer answer = upload(null, null, null, files("x.yaml", root(unique("api-anonymous"))));
    // then
    ProblemAnswers.assertProblem(answer.status(), answer.headers().getContentType(), answer.body().toString(), 401,
        "UNAUTHORIZED");
  }

  @Test
  void anUploadAboveTheLimitIs413AndNothingIsRead() throws Exception {
    // given: a valid file padded with a comment beyond the limit, sent as ./jobnet deploy sends it
    String id = unique("api-large");
    String large = root(id) + "#" + "x".repeat(300 * 1024) + "\n";
    String boundary = "b" + id;
    byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"large.yaml\"\r\n\r\n"
        + large + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    // when
    HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request, HttpResponse.BodyHandlers.ofString());
    // then
    JsonNode problem = ProblemAnswers.assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
    assertThat(problem.get("detail").asText()).contains("more than the 262144 bytes", "jobnet.deployment.max-request-size");
    assertThat(problem.get("findings")).isEmpty();
    assertThat(versions(id)).isZero();
  }

  @Test
  void requestsThatCannotBeProcessedAreBadRequestsWithAMessage() {
    // when
    Answer noFiles = postJson("{\"files\":[]}", null);
    Answer twice = uploadAsAdmin(files("same.yaml", root(unique("a")), "same.yaml", root(unique("b"))));
    Answer notJson = postJson("{\"files\": [", null);
    Answer tenantTwice = postJson("{\"tenant\":\"a\",\"files\":[]}", "b");
    // then
    assertThat(List.of(noFiles, twice, notJson, tenantTwice)).allSatisfy(a -> {
      a.assertProblem(400, "BAD_REQUEST");
      assertThat(a.body().get("findings")).isEmpty();
    });
    assertThat(twice.body().get("detail").asText()).contains("'same.yaml' is sent twice");
    assertThat(noFiles.body().get("detail").asText()).contains("no files");
    assertThat(notJson.body().get("detail").asText()).startsWith("the body is not the JSON expected");
  }

  static List<JsonNode> findings(Answer answer) {
    return StreamSupport.stream(answer.body().get("findings").spliterator(), false).toList();
  }

  static List<org.assertj.core.groups.Tuple> roots(JsonNode roots) {
    return StreamSupport.stream(roots.spliterator(), false)
        .map(r -> tuple(r.get("rootId").asText(), r.get("version").asInt()))
        .toList();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
