package dev.jobnet.engine.deploy.impl;

import dev.jobnet.engine.deploy.Problem;
import java.util.List;

/**
 * A {@link DefinitionSet} checked against a {@link DeploymentSnapshot}: either its problems, or the
 * resources to deploy.
 *
 * @param set what was checked
 * @param snapshot what it was checked against
 * @param problems every problem, sorted by file, line and column; when there is one, nothing is deployed
 * @param resources the BPMN resources to deploy (converted YAML roots first, then BPMN files)
 */
public record Preparation(DefinitionSet set, DeploymentSnapshot snapshot, List<Problem> problems, List<Resource> resources) {

  public Preparation {
    problems = problems.stream().sorted(Problem.BY_LOCATION).toList();
    resources = List.copyOf(resources);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /**
   * One BPMN resource of the deployment.
   *
   * @param name the resource name: {@code <root-id>.bpmn} for a converted root, the file's path below its
   *     folder for a BPMN file
   * @param content the BPMN bytes (UTF-8)
   * @param file the file it comes from, for messages
   * @param processKeys the executable processes it defines
   * @param jobnet whether it holds a jobnet (converted YAML always does); BPMN without one is deployed as
   *     it is, without jobnet semantics
   */
  public record Resource(String name, byte[] content, String file, List<String> processKeys, boolean jobnet) {

    public Resource {
      processKeys = List.copyOf(processKeys);
    }

    /** A resource holding a jobnet. */
    public Resource(String name, byte[] content, String file, List<String> processKeys) {
      this(name, content, file, processKeys, true);
    }
  }
}
