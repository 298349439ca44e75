package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.Finding;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;

/**
 * Converts jobnet YAML with the real converter and deploys the BPMN into the test engine, as the
 * engine-app will: one deployment per converted set, one {@code <root>.bpmn} resource per root jobnet.
 * The extension deletes the deployments (with their instances and history) after each test.
 */
final class JobnetDeployer {

  private final ProcessEngineExtension engine;

  JobnetDeployer(ProcessEngineExtension engine) {
    this.engine = engine;
  }

  /** Validates the files as one set, fails the test with every finding when it is not valid, converts. */
  static List<ConvertedJobnet> convert(List<SourceFile> files) {
    JobnetConverter converter = new JobnetConverter();
    Validation validation = converter.validate(files);
    assertThat(validation.findings())
        .as("findings in %s:%n%s", files.stream().map(SourceFile::name).toList(),
            validation.findings().stream().map(Finding::toString).collect(Collectors.joining("\n")))
        .isEmpty();
    return converter.convert(validation);
  }

  /** Each text is one YAML file of the set, named {@code jobnets-<n>.yaml} in findings. */
  static List<ConvertedJobnet> convert(String... yamlFiles) {
    List<SourceFile> files = new ArrayList<>();
    for (int i = 0; i < yamlFiles.length; i++) {
      files.add(new SourceFile("jobnets-" + (i + 1) + ".yaml", yamlFiles[i]));
    }
    return convert(files);
  }

  /** Converts the YAML files as one set and deploys every root jobnet in one deployment. */
  Deployment deploy(String... yamlFiles) {
    return deploy(convert(yamlFiles));
  }

  Deployment deploy(List<ConvertedJobnet> converted) {
    DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name("jobnets-under-test");
    converted.forEach(c -> builder.addString(c.fileName(), c.bpmnXml()));
    Deployment deployment = builder.deploy();
    engine.manageDeployment(deployment);
    return deployment;
  }
}
