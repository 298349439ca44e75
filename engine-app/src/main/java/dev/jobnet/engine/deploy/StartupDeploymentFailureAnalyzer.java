package dev.jobnet.engine.deploy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up stopped by the jobnet definitions into Spring Boot's "APPLICATION FAILED TO START"
 * report: what is wrong and what the operator does next (registered in {@code META-INF/spring.factories}).
 */
class StartupDeploymentFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RuntimeException cause) {
    DefinitionsRejectedException rejected = findCause(rootFailure, DefinitionsRejectedException.class);
    if (rejected != null) {
      String description = "The jobnet definitions deployed at start-up (jobnet.definitions, JOBNET_DEFINITIONS) have "
          + DefinitionsRejectedException.summary(rejected.problems()) + ", each logged above as file:line:column: CODE"
          + " message. Nothing was deployed and the engine did not start. First: " + rejected.problems().get(0).format();
      return new FailureAnalysis(description, "Fix the files (the codes are explained in docs/findings.md;"
          + " './jobnet validate DIR' checks a folder without an engine) and start again. To start without"
          + " deploying them, set JOBNET_DEFINITIONS to another folder or to nothing.", rejected);
    }
    DefinitionFolderException folders = findCause(rootFailure, DefinitionFolderException.class);
    if (folders != null) {
      return new FailureAnalysis("The jobnet definitions folders cannot be deployed: " + folders.getMessage(),
          "Correct the folders or jobnet.tenants (docs/deploying.md), then start again.", folders);
    }
    return null;
  }
}
