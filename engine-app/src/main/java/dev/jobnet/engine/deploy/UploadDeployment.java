package dev.jobnet.engine.deploy;

import dev.jobnet.engine.config.JobnetProperties;
import dev.jobnet.engine.deploy.impl.DefinitionSet;
import dev.jobnet.engine.deploy.impl.DeploymentKind;
import dev.jobnet.engine.deploy.impl.DeploymentPipeline;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Deploys uploaded jobnet YAML and BPMN (what {@code POST /jobnet-api/deployments} and {@code ./jobnet deploy}
 * do): for an authorized user, the files validated as one set against the roots already deployed for the
 * tenant, all or nothing, roots equal to their latest version left as they are. A {@code *.bpmn} file is
 * deployed as the resource of its base name; a process in it with a job or an expansion is checked as a
 * jobnet.
 */
@Service
public class UploadDeployment {

  /** Longest file name accepted: names only label findings, but they end up in logs and responses. */
  static final int MAX_NAME_LENGTH = 1024;

  private final JobnetProperties properties;
  private final DeploymentPipeline pipeline;
  private final DeployPermission permission;

  UploadDeployment(JobnetProperties properties, DeploymentPipeline pipeline, DeployPermission permission) {
    this.properties = properties;
    this.pipeline = pipeline;
    this.permission = permission;
  }

  /**
   * Deploys the files for {@code tenant} (empty: shared, without tenant).
   *
   * @throws DeploymentForbiddenException when the user may not deploy (for that tenant)
   * @throws InvalidUploadException when the request itself is wrong (no files, names, unknown tenant)
   * @throws DefinitionsRejectedException with every finding; nothing was deployed
   */
  public DeploymentOutcome deploy(List<UploadedFile> files, Optional<String> tenant, DeployingUser user) {
    permission.checkMayDeploy(user);
    Optional<String> t = tenant.filter(s -> !s.isBlank());
    t.ifPresent(this::checkConfigured);
    permission.checkMayDeployFor(user, t);
    checkFiles(files);
    return pipeline.deploy(List.of(DefinitionSet.ofUpload(t, files)), DeploymentKind.API, Optional.of(user)).get(0);
  }

  private void checkConfigured(String tenant) {
    Set<String> configured = properties.tenants().stream().map(JobnetProperties.Tenant::id)
        .collect(Collectors.toCollection(TreeSet::new));
    if (!configured.contains(tenant)) {
      throw new InvalidUploadException("tenant '" + tenant + "' is not configured (jobnet.tenants); configured: "
          + (configured.isEmpty() ? "none" : String.join(", ", configured)));
    }
  }

  private static void checkFiles(List<UploadedFile> files) {
    if (files == null || files.isEmpty()) {
      throw new InvalidUploadException("no files: send one or more jobnet YAML or BPMN files (multipart parts named 'file',"
          + " or JSON {\"files\":[{\"name\":\"x.yaml\",\"content\":\"...\"}]})");
    }
    Set<String> names = new HashSet<>();
    for (UploadedFile file : files) {
      String name = file.name();
      if (name == null || name.isBlank()) {
        throw new InvalidUploadException("every file needs a name (the multipart filename, or \"name\" in JSON);"
            + " findings are located by it");
      }
      if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidUploadException("the file name '" + name.substring(0, Math.min(name.length(), 80))
            .replaceAll("\\p{Cntrl}", "?") + "' is not allowed: at most " + MAX_NAME_LENGTH + " characters, no control characters");
      }
      if (!names.add(name)) {
        throw new InvalidUploadException("the file name '" + name + "' is sent twice; findings could not say which is meant");
      }
    }
  }
}
