package dev.jobnet.engine.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.stereotype.Component;

/** Structures of deployed definitions, read once each (definitions never change once deployed). */
@Component
public class StructureCache {

  static final int MAX_ENTRIES = 256;

  private final RepositoryService repository;
  private final Map<String, JobnetStructure> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JobnetStructure> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  public StructureCache(RepositoryService repository) {
    this.repository = repository;
  }

  JobnetStructure of(String processDefinitionId, String processKey) {
    synchronized (cache) {
      JobnetStructure s = cache.get(processDefinitionId);
      if (s != null) {
        return s;
      }
    }
    JobnetStructure s = JobnetStructure.of(repository.getBpmnModelInstance(processDefinitionId), processKey);
    synchronized (cache) {
      cache.put(processDefinitionId, s);
    }
    return s;
  }
}
