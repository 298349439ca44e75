package dev.jobnet.engine.deploy.impl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.jobnet.engine.deploy.DefinitionsRejectedException;
import dev.jobnet.engine.deploy.DeployingUser;
import dev.jobnet.engine.deploy.DeploymentOutcome;
import dev.jobnet.engine.deploy.Problem;
import dev.jobnet.engine.deploy.RootVersion;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.ResourceReport;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * Deploys one valid {@link Preparation} into the engine, inside the caller's transaction and lock
 * ({@link DeploymentLock}), and tells which definitions became new versions and which were unchanged
 * (the rule per {@link DeploymentKind}). A BPMN file the engine refuses becomes a located
 * {@link Problem} and fails the whole deployment.
 */
public final class EngineDeployer {

  private static final Logger LOG = LoggerFactory.getLogger(EngineDeployer.class);

  private final RepositoryService repository;
  private final DeployedDefinitions deployed;
  private final EngineAuthentication authentication;

  public EngineDeployer(RepositoryService repository, DeployedDefinitions deployed, EngineAuthentication authentication) {
    this.repository = repository;
    this.deployed = deployed;
    this.authentication = authentication;
  }

  /**
   * Deploys what changed.
   *
   * @param user who deploys: the engine checks their authorizations and logs them as the deploying user;
   *     empty at start-up (the system deploys)
   */
  public DeploymentOutcome deploy(Preparation preparation, DeploymentKind kind, Optional<DeployingUser> user) {
    if (!preparation.isValid()) {
      throw new IllegalArgumentException("a preparation with problems is never deployed");
    }
    Optional<String> tenant = preparation.set().tenant();
    DeploymentSnapshot snapshot = preparation.snapshot();
    List<Preparation.Resource> toDeploy = new ArrayList<>();
    List<RootVersion> unchanged = new ArrayList<>();
    for (Preparation.Resource resource : preparation.resources()) {
      if (kind == DeploymentKind.API && authentication.asSystem(() -> equalsLatest(resource, snapshot))) {
        resource.processKeys().forEach(key -> unchanged.add(version(snapshot.latest(key).orElseThrow())));
      } else {
        toDeploy.add(resource);
      }
    }
    if (toDeploy.isEmpty()) {
      unchanged.sort(Comparator.comparing(RootVersion::rootId));
      return new DeploymentOutcome(Optional.empty(), tenant, List.of(), unchanged);
    }
    DeploymentBuilder builder = repository.createDeployment()
        .name(kind.deploymentName(tenant))
        .source(kind.source())
        .tenantId(tenant.orElse(null))
        .enableDuplicateFiltering(kind == DeploymentKind.STARTUP);
    for (Preparation.Resource resource : toDeploy) {
      if (!resource.jobnet()) {
        LOG.info("{}: no process in it has a job (a task on a jobnet.* topic) or an expansion; deployed as it is,"
            + " without jobnet semantics", resource.file());
      }
      builder.addInputStream(resource.name(), new ByteArrayInputStream(resource.content()));
    }
    DeploymentWithDefinitions result;
    try {
      result = user.isPresent()
          ? authentication.as(user.get(), tenant.stream().toList(), builder::deployWithResult)
          : authentication.asSystem(builder::deployWithResult);
    } catch (ParseException e) {
      throw rejected(e, preparation);
    }
    List<ProcessDefinition> definitions = result.getDeployedProcessDefinitions() == null
        ? List.of() : result.getDeployedProcessDefinitions();
    List<RootVersion> deployedVersions = definitions.stream()
        .map(d -> new RootVersion(d.getKey(), d.getId(), d.getVersion()))
        .sorted(Comparator.comparing(RootVersion::rootId))
        .toList();
    if (kind == DeploymentKind.STARTUP) {
      // What duplicate filtering left out is unchanged.
      List<String> keys = deployedVersions.stream().map(RootVersion::rootId).toList();
      for (Preparation.Resource resource : toDeploy) {
        for (String key : resource.processKeys()) {
          if (!keys.contains(key)) {
            snapshot.latest(key).ifPresent(l -> unchanged.add(version(l)));
          }
        }
      }
    }
    Optional<String> deploymentId = deployedVersions.isEmpty() ? Optional.empty() : Optional.of(result.getId());
    unchanged.sort(Comparator.comparing(RootVersion::rootId));
    return new DeploymentOutcome(deploymentId, tenant, deployedVersions, unchanged);
  }

  private boolean equalsLatest(Preparation.Resource resource, DeploymentSnapshot snapshot) {
    if (resource.processKeys().size() != 1) {
      return false;
    }
    return snapshot.latest(resource.processKeys().get(0))
        .map(l -> Arrays.equals(deployed.bpmn(l.definitionId()), resource.content()))
        .orElse(false);
  }

  private static RootVersion version(DeploymentSnapshot.Latest latest) {
    return new RootVersion(latest.process().key(), latest.definitionId(), latest.version());
  }

  private static DefinitionsRejectedException rejected(ParseException e, Preparation preparation) {
    Map<String, String> fileByResource = new HashMap<>();
    preparation.resources().forEach(r -> fileByResource.put(r.name(), r.file()));
    List<Problem> problems = new ArrayList<>();
    // (sic: the engine spells it "Resorce")
    for (ResourceReport report : e.getResorceReports()) {
      String file = fileByResource.getOrDefault(report.getResourceName(), report.getResourceName());
      report.getErrors().forEach(p -> problems.add(Problem.bpmn(file, p.getLine(), p.getColumn(),
          "the engine refuses the BPMN" + (p.getMainElementId() != null ? " at element '" + p.getMainElementId() + "'" : "")
              + ": " + p.getMessage())));
    }
    if (problems.isEmpty()) {
      problems.add(Problem.bpmn(preparation.resources().get(0).file(), 1, 1, "the engine refuses the BPMN: " + e.getMessage()));
    }
    return new DefinitionsRejectedException(problems);
  }
}
