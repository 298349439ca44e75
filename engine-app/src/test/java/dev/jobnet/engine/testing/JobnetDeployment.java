package dev.jobnet.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.DeploymentBuilder;

/** Converts jobnet YAML written in a test and deploys it into the engine, as the app would. */
public final class JobnetDeployment {

  private JobnetDeployment() {}

  /** Deploys every root of the YAML (without a tenant); the deployment id. */
  public static String deploy(ProcessEngine engine, String yaml) {
    return deploy(engine, null, yaml);
  }

  /** Deploys every root of the YAML for {@code tenant} (null: shared); the deployment id. */
  public static String deploy(ProcessEngine engine, String tenant, String yaml) {
    JobnetConverter converter = new JobnetConverter();
    Validation validation = converter.validate(java.util.List.of(new SourceFile("test.yaml", yaml)));
    assertThat(validation.findings()).as("findings in the test's jobnets").isEmpty();
    DeploymentBuilder builder = engine.getRepositoryService().createDeployment();
    if (tenant != null) {
      builder.tenantId(tenant);
    }
    converter.convert(validation).forEach(c -> builder.addString(c.fileName(), c.bpmnXml()));
    return builder.deploy().getId();
  }
}
