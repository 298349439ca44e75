package dev.jobnet.engine.deploy.impl;

import dev.jobnet.converter.Finding;
import dev.jobnet.converter.SourceDecoder;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.engine.deploy.UploadedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The definitions deployed together for one tenant (or shared): jobnet YAML and BPMN files, validated as
 * one set.
 *
 * @param tenant the tenant, empty for shared definitions
 * @param yaml the YAML files that could be read as text
 * @param unreadable a finding for each YAML file that could not be read; it fails the set
 * @param bpmn the BPMN files
 */
public record DefinitionSet(Optional<String> tenant, List<SourceFile> yaml, List<Finding> unreadable, List<BpmnSource> bpmn) {

  public DefinitionSet {
    yaml = List.copyOf(yaml);
    unreadable = List.copyOf(unreadable);
    bpmn = List.copyOf(bpmn);
  }

  /**
   * A BPMN file to deploy.
   *
   * @param file the file as findings name it
   * @param resourceName its resource name in the deployment, which duplicate filtering matches on
   * @param content its bytes as read; a jobnet in it is deployed with its properties derived again
   */
  public record BpmnSource(String file, String resourceName, byte[] content) {}

  /** YAML files only, decoded strictly as UTF-8. */
  public static DefinitionSet ofYaml(Optional<String> tenant, List<UploadedFile> files) {
    return of(tenant, files, List.of());
  }

  /**
   * Uploaded files: {@code *.bpmn} as BPMN, deployed as the resource of the name's last segment (a
   * client's folders do not make a new resource), the others as YAML.
   */
  public static DefinitionSet ofUpload(Optional<String> tenant, List<UploadedFile> files) {
    List<UploadedFile> yaml = new ArrayList<>();
    List<BpmnSource> bpmn = new ArrayList<>();
    for (UploadedFile file : files) {
      if (file.name().endsWith(".bpmn")) {
        String name = file.name().replace('\\', '/');
        bpmn.add(new BpmnSource(file.name(), name.substring(name.lastIndexOf('/') + 1), file.content()));
      } else {
        yaml.add(file);
      }
    }
    return of(tenant, yaml, bpmn);
  }

  public static DefinitionSet of(Optional<String> tenant, List<UploadedFile> yamlFiles, List<BpmnSource> bpmn) {
    List<SourceFile> sources = new ArrayList<>();
    List<Finding> unreadable = new ArrayList<>();
    for (UploadedFile file : yamlFiles) {
      SourceDecoder.Decoded decoded = SourceDecoder.decode(file.name(), file.content());
      if (decoded instanceof SourceDecoder.Text t) {
        sources.add(t.source());
      } else if (decoded instanceof SourceDecoder.Unreadable u) {
        unreadable.add(u.finding());
      }
    }
    return new DefinitionSet(tenant, sources, unreadable, bpmn);
  }

  public boolean isEmpty() {
    return yaml.isEmpty() && unreadable.isEmpty() && bpmn.isEmpty();
  }
}
