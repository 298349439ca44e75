package dev.jobnet.engine.deploy;

import dev.jobnet.converter.Finding;
import dev.jobnet.converter.FindingCode;
import dev.jobnet.converter.model.Location;
import dev.jobnet.engine.config.JobnetProperties;
import dev.jobnet.engine.deploy.impl.DefinitionFolders;
import dev.jobnet.engine.deploy.impl.DefinitionSet;
import dev.jobnet.engine.deploy.impl.DeploymentKind;
import dev.jobnet.engine.deploy.impl.DeploymentPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Deploys the definitions of {@code jobnet.definitions} ({@code JOBNET_DEFINITIONS}, default {@code bpmn})
 * when the engine app starts: jobnet YAML and BPMN validated as one set per tenant against the roots
 * already deployed, then the YAML converted and the BPMN jobnets' properties derived again (BPMN
 * without jobs as it is). Unchanged definitions create no new version.
 *
 * <p>Runs once every bean exists, before the web server opens: an engine with findings in its
 * definitions never serves requests. Any finding in any file stops start-up with every finding logged
 * ({@code file:line:column: CODE message}) and nothing deployed, because an operator must not run an
 * engine with half its definitions. A location that does not exist is a warning.
 */
@Component
public class StartupDeployment implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(StartupDeployment.class);

  private final JobnetProperties properties;
  private final DeploymentPipeline pipeline;

  StartupDeployment(JobnetProperties properties, DeploymentPipeline pipeline) {
    this.properties = properties;
    this.pipeline = pipeline;
  }

  @Override
  public void afterSingletonsInstantiated() {
    deployDefinitions();
  }

  /**
   * Deploys what changed in the configured locations; what start-up runs.
   *
   * @return one outcome per tenant with files (shared first)
   * @throws DefinitionsRejectedException when a file has findings; nothing is deployed
   * @throws DefinitionFolderException when the folders are laid out wrongly
   */
  public List<DeploymentOutcome> deployDefinitions() {
    return deploy(properties.definitions(), pipeline);
  }

  /** Deploys the definitions of {@code locations} through {@code pipeline} (for tests: another location or node). */
  public List<DeploymentOutcome> deploy(List<Path> locations, DeploymentPipeline pipeline) {
    Set<String> tenants = properties.tenants().stream()
        .map(JobnetProperties.Tenant::id)
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
    DefinitionFolders.Scan scan = DefinitionFolders.scan(locations, tenants);
    scan.missing().forEach(p -> LOG.warn("jobnet definitions: {} does not exist, nothing is deployed from it"
        + " (jobnet.definitions, JOBNET_DEFINITIONS)", p.toAbsolutePath().normalize()));
    if (scan.groups().isEmpty()) {
      LOG.info("jobnet definitions: no *.yaml, *.yml or *.bpmn files in {}", locations);
      return List.of();
    }
    List<DefinitionSet> sets = scan.groups().stream().map(StartupDeployment::read).toList();
    List<DeploymentOutcome> outcomes;
    try {
      outcomes = pipeline.deploy(sets, DeploymentKind.STARTUP, Optional.empty());
    } catch (DefinitionsRejectedException e) {
      for (Problem problem : e.problems()) {
        LOG.error("{}", problem.format());
      }
      LOG.error("jobnet definitions in {}: {}", locations, e.getMessage());
      throw e;
    }
    for (DeploymentOutcome outcome : outcomes) {
      String tenant = outcome.tenant().map(t -> " of tenant " + t).orElse("");
      outcome.deployed().forEach(v -> LOG.info("jobnet definitions{}: deployed {} version {}", tenant, v.rootId(), v.version()));
      LOG.info("jobnet definitions{}: {} deployed, {} unchanged", tenant, outcome.deployed().size(), outcome.unchanged().size());
    }
    return outcomes;
  }

  private static DefinitionSet read(DefinitionFolders.Group group) {
    List<UploadedFile> yaml = new ArrayList<>();
    List<Finding> unreadable = new ArrayList<>();
    for (Path file : group.yamlFiles()) {
      try {
        yaml.add(new UploadedFile(file.toString(), Files.readAllBytes(file)));
      } catch (IOException e) {
        unreadable.add(new Finding(FindingCode.FILE_UNREADABLE, Location.ofFile(file.toString()),
            "the file cannot be read: " + e.getMessage()));
      }
    }
    List<DefinitionSet.BpmnSource> bpmn = new ArrayList<>();
    for (DefinitionFolders.BpmnFile file : group.bpmnFiles()) {
      try {
        bpmn.add(new DefinitionSet.BpmnSource(file.path().toString(), file.resourceName(), Files.readAllBytes(file.path())));
      } catch (IOException e) {
        throw new DefinitionFolderException("cannot read " + file.path() + ": " + e.getMessage(), e);
      }
    }
    DefinitionSet decoded = DefinitionSet.of(group.tenant(), yaml, bpmn);
    List<Finding> allUnreadable = new ArrayList<>(decoded.unreadable());
    allUnreadable.addAll(unreadable);
    return new DefinitionSet(group.tenant(), decoded.yaml(), allUnreadable, decoded.bpmn());
  }
}
