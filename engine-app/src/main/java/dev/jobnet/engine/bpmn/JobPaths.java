package dev.jobnet.engine.bpmn;

import dev.jobnet.engine.security.AsEngine;
import dev.jobnet.protocol.BpmnProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.stereotype.Component;

/**
 * The path of a job or jobnet ({@code jobnet.path}: {@code /daily/load}), as the agents read it from
 * the element and put it in their logs: what the engine's events name {@code jobPath} and its log lines
 * carry in the MDC, so that one grep joins both logs. Read from the deployed model (Camunda caches it)
 * as the engine, since agents and operators may act on runs without reading definitions, and kept:
 * an element's path never changes within a definition.
 */
@Component
public class JobPaths {

  /** More than any engine has elements in its live definitions; past it, the kept paths start anew. */
  static final int KEPT = 20_000;

  private final RepositoryService repository;
  private final IdentityService identity;
  private final Map<String, String> kept = new ConcurrentHashMap<>();

  JobPaths(RepositoryService repository, IdentityService identity) {
    this.repository = repository;
    this.identity = identity;
  }

  /**
   * The path of element {@code elementId} of the definition {@code processDefinitionId}; {@code
   * /elementId} for an element without one (BPMN not written by the converter), as the agents read
   * it, also when the definition is gone; null when either id is null.
   */
  public String of(String processDefinitionId, String elementId) {
    if (processDefinitionId == null || elementId == null) {
      return null;
    }
    String key = processDefinitionId + '\n' + elementId;
    String path = kept.get(key);
    if (path != null) {
      return path;
    }
    try {
      path = AsEngine.call(identity, () -> ExtensionProperties.of(repository.getBpmnModelInstance(processDefinitionId),
          elementId).getOrDefault(BpmnProperties.PATH, "/" + elementId));
    } catch (RuntimeException e) {
      return "/" + elementId; // the definition is gone (deleted with its runs): not kept
    }
    if (kept.size() >= KEPT) {
      kept.clear();
    }
    kept.put(key, path);
    return path;
  }
}
