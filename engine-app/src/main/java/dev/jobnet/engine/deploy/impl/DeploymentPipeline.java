package dev.jobnet.engine.deploy.impl;

import dev.jobnet.engine.deploy.DefinitionsRejectedException;
import dev.jobnet.engine.deploy.DeployingUser;
import dev.jobnet.engine.deploy.DeploymentOutcome;
import dev.jobnet.engine.deploy.Problem;
import java.util.List;
import java.util.Optional;

/**
 * Deploys sets of definitions (one per tenant) all or nothing:
 *
 * <ol>
 *   <li>outside the lock, the costly part: read what is deployed, validate and convert each set; any
 *       problem in any set rejects them all;
 *   <li>inside the {@link DeploymentLock} (one transaction, cluster-wide): read what is deployed again;
 *       a set whose tenant got a new version in between is checked again against it; then every set is
 *       deployed and the transaction commits. A problem or failure in any set rolls all of them back.
 * </ol>
 */
public final class DeploymentPipeline {

  private final DeployedDefinitions deployed;
  private final DefinitionPreparer preparer;
  private final EngineDeployer deployer;
  private final DeploymentLock lock;
  private final EngineAuthentication authentication;

  public DeploymentPipeline(DeployedDefinitions deployed, DefinitionPreparer preparer, EngineDeployer deployer,
      DeploymentLock lock, EngineAuthentication authentication) {
    this.deployed = deployed;
    this.preparer = preparer;
    this.deployer = deployer;
    this.lock = lock;
    this.authentication = authentication;
  }

  /** The same pipeline with a lock of its own in this JVM, as another engine node has it (for tests). */
  public DeploymentPipeline asAnotherNode() {
    return new DeploymentPipeline(deployed, preparer, deployer, lock.asAnotherNode(), authentication);
  }

  /**
   * Deploys every set, or none.
   *
   * @throws DefinitionsRejectedException with the problems of all sets, when one has any
   */
  public List<DeploymentOutcome> deploy(List<DefinitionSet> sets, DeploymentKind kind, Optional<DeployingUser> user) {
    List<Preparation> prepared = authentication.asSystem(() -> sets.stream()
        .map(set -> preparer.prepare(set, deployed.snapshot(set.tenant())))
        .toList());
    rejectOnProblems(prepared);
    return lock.call(() -> {
      List<Preparation> current = authentication.asSystem(() -> prepared.stream().map(this::recheck).toList());
      rejectOnProblems(current);
      return current.stream().map(p -> deployer.deploy(p, kind, user)).toList();
    });
  }

  private Preparation recheck(Preparation preparation) {
    DeploymentSnapshot now = deployed.snapshot(preparation.set().tenant());
    return now.sameVersionsAs(preparation.snapshot()) ? preparation : preparer.prepare(preparation.set(), now);
  }

  private static void rejectOnProblems(List<Preparation> preparations) {
    List<Problem> problems = preparations.stream().flatMap(p -> p.problems().stream()).toList();
    if (!problems.isEmpty()) {
      throw new DefinitionsRejectedException(problems);
    }
  }
}
