package dev.jobnet.engine.deploy.impl;

import dev.jobnet.converter.yaml.DatesFile;
import dev.jobnet.engine.deploy.DefinitionFolderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the definitions in the locations of {@code jobnet.definitions}: every {@code *.yaml}, {@code *.yml},
 * {@code *.bpmn} and {@code *.dates} (holidays of calendars) file in a folder and below it (hidden files and folders skipped), or a file named
 * directly. Files under {@code tenants/<tenant-id>/} of a folder belong to that tenant, all others are
 * shared. Pure file system work; nothing here knows the engine.
 */
public final class DefinitionFolders {

  /** The folder whose sub-folders hold each tenant's definitions. */
  public static final String TENANTS_FOLDER = "tenants";

  private DefinitionFolders() {}

  /** A BPMN file and the name of its resource in the deployment (its path below its folder, with {@code /}). */
  public record BpmnFile(Path path, String resourceName) {}

  /** The files of one tenant (or the shared ones: tenant empty), sorted by path. */
  public record Group(Optional<String> tenant, List<Path> yamlFiles, List<BpmnFile> bpmnFiles) {

    public Group {
      yamlFiles = List.copyOf(yamlFiles);
      bpmnFiles = List.copyOf(bpmnFiles);
    }
  }

  /**
   * What the locations hold.
   *
   * @param groups one per tenant with files, the shared one first; empty when there is nothing to deploy
   * @param missing the locations that do not exist (an operator is warned, start-up goes on)
   */
  public record Scan(List<Group> groups, List<Path> missing) {

    public Scan {
      groups = List.copyOf(groups);
      missing = List.copyOf(missing);
    }
  }

  /**
   * Scans the locations.
   *
   * @param tenants the tenant ids that are configured ({@code jobnet.tenants})
   * @throws DefinitionFolderException for a tenant folder of a tenant that is not configured, a file
   *     directly in {@code tenants/}, or a folder that cannot be read
   */
  public static Scan scan(List<Path> locations, Set<String> tenants) {
    Map<Optional<String>, Builder> groups = new LinkedHashMap<>();
    groups.put(Optional.empty(), new Builder());
    List<Path> missing = new ArrayList<>();
    for (Path location : locations) {
      if (!Files.exists(location)) {
        missing.add(location);
      } else if (Files.isDirectory(location)) {
        scanFolder(location, tenants, groups);
      } else if (isDefinition(location)) {
        groups.get(Optional.empty()).add(location, location.getFileName().toString());
      } else {
        throw new DefinitionFolderException("jobnet.definitions names " + location
            + ", which is neither a folder nor a *.yaml, *.yml or *.bpmn file");
      }
    }
    List<Group> result = new ArrayList<>();
    groups.forEach((tenant, b) -> {
      if (!b.yaml.isEmpty() || !b.bpmn.isEmpty()) {
        result.add(b.build(tenant));
      }
    });
    return new Scan(result, missing);
  }

  private static void scanFolder(Path folder, Set<String> tenants, Map<Optional<String>, Builder> groups) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(p -> !isHidden(folder.relativize(p)))
          .filter(Files::isRegularFile)
          .filter(DefinitionFolders::isDefinition)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new DefinitionFolderException("cannot read the definitions folder " + folder + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      Path relative = folder.relativize(file);
      if (relative.getNameCount() >= 2 && relative.getName(0).toString().equals(TENANTS_FOLDER)) {
        if (relative.getNameCount() == 2) {
          throw new DefinitionFolderException(file + " lies directly in " + folder.resolve(TENANTS_FOLDER)
              + ", which holds one folder per tenant: move it into " + TENANTS_FOLDER + "/<tenant-id>/, or out of "
              + TENANTS_FOLDER + "/ for all tenants");
        }
        String tenant = relative.getName(1).toString();
        if (!tenants.contains(tenant)) {
          throw new DefinitionFolderException("the definitions folder " + folder.resolve(TENANTS_FOLDER).resolve(tenant)
              + " is for tenant '" + tenant + "', which is not configured; configured tenants: "
              + (tenants.isEmpty() ? "none" : String.join(", ", new TreeSet<>(tenants)))
              + ". Add it to jobnet.tenants or rename the folder");
        }
        groups.computeIfAbsent(Optional.of(tenant), t -> new Builder())
            .add(file, slashed(relative.subpath(2, relative.getNameCount())));
      } else {
        groups.get(Optional.empty()).add(file, slashed(relative));
      }
    }
  }

  static boolean isDefinition(Path file) {
    String name = file.getFileName().toString();
    return isYaml(name) || name.endsWith(".bpmn") || DatesFile.isDatesFile(name);
  }

  static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String slashed(Path relative) {
    List<String> parts = new ArrayList<>();
    relative.forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }

  private static final class Builder {
    private final List<Path> yaml = new ArrayList<>();
    private final List<BpmnFile> bpmn = new ArrayList<>();
    private final Set<Path> seen = new HashSet<>();

    /** Adds a file once, also when two locations overlap ({@code bpmn} and {@code bpmn/nightly.yaml}). */
    void add(Path file, String resourceName) {
      if (!seen.add(file.toAbsolutePath().normalize())) {
        return;
      }
      if (isYaml(file.getFileName().toString()) || DatesFile.isDatesFile(file.getFileName().toString())) {
        yaml.add(file); // (a file of dates is read with the YAML: its dates are the holidays of calendars)
      } else {
        bpmn.add(new BpmnFile(file, resourceName));
      }
    }

    Group build(Optional<String> tenant) {
      return new Group(tenant, yaml, bpmn);
    }
  }
}
