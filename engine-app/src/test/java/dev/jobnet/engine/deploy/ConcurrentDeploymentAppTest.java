package dev.jobnet.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.deploy.impl.DefinitionSet;
import dev.jobnet.engine.deploy.impl.DeploymentKind;
import dev.jobnet.engine.deploy.impl.DeploymentPipeline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.authorization.Groups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two engine nodes deploying at once: each has its own pipeline and JVM lock, and only the database's
 * deployment lock between them (as two engine-app processes on one database have).
 */
class ConcurrentDeploymentAppTest extends DeploymentApiTestBase {

  @Autowired
  DeploymentPipeline pipeline;

  @Test
  void twoUploadsThatAreRecursiveTogetherCannotBothPass() throws Exception {
    // given: a and b deployed, neither expands anything
    String a = unique("race-a");
    String b = unique("race-b");
    assertThat(uploadAsAdmin(files("a.yaml", root(a), "b.yaml", root(b))).status()).isEqualTo(201);
    DeploymentPipeline node1 = pipeline;
    DeploymentPipeline node2 = pipeline.asAnotherNode();
    // when: node 1 makes a expand b while node 2 makes b expand a; each alone is valid
    List<Object> results = Concurrently.run(
        () -> deploy(node1, "a.yaml", expanding(a, b)),
        () -> deploy(node2, "b.yaml", expanding(b, a)));
    // then: one passed, the other saw it and was refused with the recursion
    assertThat(results).filteredOn(r -> r instanceof DeploymentOutcome).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof DefinitionsRejectedException).singleElement()
        .satisfies(r -> assertThat(((DefinitionsRejectedException) r).problems())
            .extracting(Problem::code).containsExactly("JN402"));
    assertThat(versions(a) + versions(b)).isEqualTo(3);
  }

  @Test
  void twoNodesDeployingTheSameChangeCreateOneVersion() throws Exception {
    // given
    String id = unique("race-same");
    assertThat(uploadAsAdmin(files("s.yaml", root(id))).status()).isEqualTo(201);
    String changed = root(id).replace("second: { run: /bin/true }", "second: { run: /bin/false }");
    // when
    List<Object> results = Concurrently.run(
        () -> deploy(pipeline, "s.yaml", changed),
        () -> deploy(pipeline.asAnotherNode(), "s.yaml", changed));
    // then
    assertThat(results).allMatch(r -> r instanceof DeploymentOutcome);
    assertThat(results).extracting(r -> ((DeploymentOutcome) r).deployed().size()).containsExactlyInAnyOrder(0, 1);
    assertThat(versions(id)).isEqualTo(2);
  }

  private static Object deploy(DeploymentPipeline node, String name, String yaml) {
    DeployingUser admin = new DeployingUser(ADMIN, List.of(Groups.CAMUNDA_ADMIN));
    return node.deploy(List.of(DefinitionSet.ofYaml(Optional.empty(),
        List.of(new UploadedFile(name, yaml.getBytes(StandardCharsets.UTF_8))))), DeploymentKind.API, Optional.of(admin)).get(0);
  }
}
