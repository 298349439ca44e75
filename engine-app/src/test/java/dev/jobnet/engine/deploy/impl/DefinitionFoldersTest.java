package dev.jobnet.engine.deploy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.deploy.DefinitionFolderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionFoldersTest {

  @TempDir
  Path dir;

  private Path touch(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x");
    return file;
  }

  @Test
  void filesBelowTenantsTenantBelongToThatTenantAllOthersAreShared() throws IOException {
    // given
    touch("nightly.yaml");
    touch("more/lib.yml");
    touch("legacy/invoice.bpmn");
    touch("tenants/acme/acme.yaml");
    touch("tenants/acme/bpmn/acme.bpmn");
    touch("README.md");
    touch("scripts/run.sh");
    touch(".git/config.yaml");
    touch("drafts/.hidden.yaml");
    // when
    DefinitionFolders.Scan scan = DefinitionFolders.scan(List.of(dir), Set.of("acme", "other"));
    // then
    assertThat(scan.missing()).isEmpty();
    assertThat(scan.groups()).hasSize(2);
    DefinitionFolders.Group shared = scan.groups().get(0);
    assertThat(shared.tenant()).isEmpty();
    assertThat(shared.yamlFiles()).containsExactly(dir.resolve("more/lib.yml"), dir.resolve("nightly.yaml"));
    assertThat(shared.bpmnFiles()).containsExactly(
        new DefinitionFolders.BpmnFile(dir.resolve("legacy/invoice.bpmn"), "legacy/invoice.bpmn"));
    DefinitionFolders.Group acme = scan.groups().get(1);
    assertThat(acme.tenant()).contains("acme");
    assertThat(acme.yamlFiles()).containsExactly(dir.resolve("tenants/acme/acme.yaml"));
    assertThat(acme.bpmnFiles()).containsExactly(
        new DefinitionFolders.BpmnFile(dir.resolve("tenants/acme/bpmn/acme.bpmn"), "bpmn/acme.bpmn"));
  }

  @Test
  void aFolderOfATenantThatIsNotConfiguredIsAnError() throws IOException {
    // given
    touch("tenants/acme/a.yaml");
    // when / then
    assertThatThrownBy(() -> DefinitionFolders.scan(List.of(dir), Set.of("other")))
        .isInstanceOf(DefinitionFolderException.class)
        .hasMessageContaining("is for tenant 'acme', which is not configured; configured tenants: other");
  }

  @Test
  void aFileDirectlyInTenantsIsAnError() throws IOException {
    // given
    touch("tenants/a.yaml");
    // when / then
    assertThatThrownBy(() -> DefinitionFolders.scan(List.of(dir), Set.of()))
        .isInstanceOf(DefinitionFolderException.class)
        .hasMessageContaining("move it into tenants/<tenant-id>/");
  }

  @Test
  void missingLocationsAreReportedNamedFilesAreSharedAndOverlapsCountOnce() throws IOException {
    // given
    Path file = touch("one.yaml");
    // when
    DefinitionFolders.Scan scan = DefinitionFolders.scan(List.of(dir.resolve("nowhere"), file, dir), Set.of());
    // then
    assertThat(scan.missing()).containsExactly(dir.resolve("nowhere"));
    assertThat(scan.groups()).singleElement().satisfies(g -> {
      assertThat(g.tenant()).isEqualTo(Optional.empty());
      assertThat(g.yamlFiles()).containsExactly(file);
    });
  }

  @Test
  void nothingToDeployIsNoGroup() {
    // when / then
    assertThat(DefinitionFolders.scan(List.of(dir), Set.of()).groups()).isEmpty();
  }
}
