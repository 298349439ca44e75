package dev.jobnet.engine.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;

/**
 * Reads what is deployed: the latest version of each process of a tenant, with what deployment needs of
 * it ({@link ProcessInfo}). A process definition never changes once deployed, so what was read of one is
 * kept by its id (up to {@value #CACHE_SIZE}) and shared safely across engine nodes.
 */
public final class DeployedDefinitions {

  static final int CACHE_SIZE = 10_000;

  private final RepositoryService repository;
  private final Map<String, ProcessInfo> byDefinitionId = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProcessInfo> eldest) {
          return size() > CACHE_SIZE;
        }
      });

  public DeployedDefinitions(RepositoryService repository) {
    this.repository = repository;
  }

  /** The latest version of every process of the tenant (empty: the definitions without a tenant). */
  public DeploymentSnapshot snapshot(Optional<String> tenant) {
    ProcessDefinitionQuery query = repository.createProcessDefinitionQuery().latestVersion();
    if (tenant.isPresent()) {
      query.tenantIdIn(tenant.get());
    } else {
      query.withoutTenantId();
    }
    Map<String, DeploymentSnapshot.Latest> latest = new LinkedHashMap<>();
    for (ProcessDefinition definition : query.list()) {
      latest.put(definition.getKey(), new DeploymentSnapshot.Latest(definition.getId(), definition.getVersion(),
          byDefinitionId.computeIfAbsent(definition.getId(), id -> read(definition))));
    }
    return new DeploymentSnapshot(tenant, latest);
  }

  /** The BPMN a process definition was deployed from, as deployed. */
  public byte[] bpmn(String definitionId) {
    try (InputStream in = repository.getProcessModel(definitionId)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the BPMN of process definition " + definitionId, e);
    }
  }

  private ProcessInfo read(ProcessDefinition definition) {
    BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
    if (model != null && model.getModelElementById(definition.getKey()) instanceof Process process) {
      return BpmnProcesses.of(process);
    }
    return new ProcessInfo(definition.getKey(), false, Set.of());
  }
}
