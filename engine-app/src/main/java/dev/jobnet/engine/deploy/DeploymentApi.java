package dev.jobnet.engine.deploy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The JSON of {@code POST /jobnet-api/deployments}: what it accepts and what it answers. */
final class DeploymentApi {

  private DeploymentApi() {}

  /**
   * A deployment request as JSON (the multipart form is the other way to send one).
   *
   * @param tenant the tenant to deploy for; absent for shared definitions (or as the query parameter)
   * @param files the jobnet YAML files
   */
  record DeploymentRequest(String tenant, List<FileContent> files) {

    /** The tenant of the body or of the query parameter; both given must agree. */
    Optional<String> tenant(String queryTenant) {
      if (tenant != null && queryTenant != null && !tenant.equals(queryTenant)) {
        throw new InvalidUploadException("the tenant is given twice and differs: '" + tenant + "' in the body, '"
            + queryTenant + "' as the parameter");
      }
      return Optional.ofNullable(tenant != null ? tenant : queryTenant);
    }

    List<UploadedFile> uploadedFiles() {
      if (files == null) {
        return List.of();
      }
      return files.stream().filter(Objects::nonNull)
          .map(f -> new UploadedFile(f.name(), f.content() == null ? new byte[0] : f.content().getBytes(StandardCharsets.UTF_8)))
          .toList();
    }
  }

  /** One file of a JSON request: its name (as findings print it) and its text. */
  record FileContent(String name, String content) {}

  /**
   * The answer to a deployment that passed.
   *
   * @param deploymentId the new deployment, {@code null} when every root was unchanged
   * @param tenant the tenant, {@code null} for shared definitions
   * @param deployed the roots that became a new version
   * @param unchanged the roots equal to their latest version, not deployed again
   */
  record DeploymentResponse(String deploymentId, String tenant, List<Root> deployed, List<Root> unchanged) {

    static DeploymentResponse of(DeploymentOutcome outcome) {
      return new DeploymentResponse(outcome.deploymentId().orElse(null), outcome.tenant().orElse(null),
          outcome.deployed().stream().map(Root::of).toList(), outcome.unchanged().stream().map(Root::of).toList());
    }
  }

  /** A root jobnet's version in the engine. */
  record Root(String rootId, String processDefinitionId, int version) {

    static Root of(RootVersion v) {
      return new Root(v.rootId(), v.processDefinitionId(), v.version());
    }
  }

  /** One finding, located: {@code {"code":"JN302","name":"CYCLE","file":"x.yaml","line":4,"column":7,"message":"..."}}. */
  record FindingJson(String code, String name, String file, int line, int column, String message) {

    static FindingJson of(Problem p) {
      return new FindingJson(p.code(), p.name(), p.file(), p.line(), p.column(), p.message());
    }
  }
}
