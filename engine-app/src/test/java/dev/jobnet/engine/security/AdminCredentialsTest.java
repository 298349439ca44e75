package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.config.JobnetProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the administrator's password comes from: the configuration, or in demo mode a generated one. */
class AdminCredentialsTest {

  @TempDir
  Path dataDir;

  @Test
  void withoutAPasswordOutsideDemoModeTheStartIsRefusedNamingTheVariables() {
    // when / then
    assertThatThrownBy(() -> AdminCredentials.resolve(new JobnetProperties.Admin("ops", null, null), false, dataDir))
        .isInstanceOf(InvalidSecurityConfigurationException.class)
        .hasMessageContaining("JOBNET_ADMIN_USER").hasMessageContaining("JOBNET_ADMIN_PASSWORD")
        .hasMessageNotContaining("\n");
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void aBlankPasswordIsNoPassword() {
    // when / then
    assertThatThrownBy(() -> AdminCredentials.resolve(new JobnetProperties.Admin("ops", "  ", null), false, dataDir))
        .isInstanceOf(InvalidSecurityConfigurationException.class);
  }

  @Test
  void thePasswordAloneMakesTheUserAdmin() {
    // when
    AdminCredentials admin = AdminCredentials.resolve(new JobnetProperties.Admin(null, "s3cret", "a@b.test"), false,
        dataDir);
    // then
    assertThat(admin.user()).isEqualTo("admin");
    assertThat(admin.password()).isEqualTo("s3cret");
    assertThat(admin.email()).isEqualTo("a@b.test");
    assertThat(admin.toString()).doesNotContain("s3cret");
  }

  @Test
  void aConfiguredPasswordWinsInDemoModeToo() {
    // when
    AdminCredentials admin = AdminCredentials.resolve(new JobnetProperties.Admin("ops", "given", null), true, dataDir);
    // then
    assertThat(admin.password()).isEqualTo("given");
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void demoModeGeneratesAStrongPasswordReadableByTheOwnerOnly() throws Exception {
    // when
    AdminCredentials admin = AdminCredentials.resolve(new JobnetProperties.Admin(null, null, null), true, dataDir);
    // then
    Path file = dataDir.resolve(DemoPasswordStore.FILE_NAME);
    assertThat(admin.user()).isEqualTo("admin");
    assertThat(admin.password()).hasSize(32).matches("[A-Za-z0-9_-]+");
    assertThat(Files.readString(file).strip()).isEqualTo(admin.password());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void demoModeReusesThePasswordOfTheSameDataDirectory() {
    // given
    AdminCredentials first = AdminCredentials.resolve(new JobnetProperties.Admin(null, null, null), true, dataDir);
    // when
    AdminCredentials second = AdminCredentials.resolve(new JobnetProperties.Admin(null, null, null), true, dataDir);
    // then
    assertThat(second.password()).isEqualTo(first.password());
  }

  @Test
  void demoModeGeneratesIntoADataDirectoryThatDoesNotExistYet() {
    // given
    Path fresh = dataDir.resolve("not/yet");
    // when
    DemoPasswordStore.Stored stored = new DemoPasswordStore(fresh).passwordOrGenerate();
    // then
    assertThat(stored.generated()).isTrue();
    assertThat(new DemoPasswordStore(fresh).passwordOrGenerate())
        .isEqualTo(new DemoPasswordStore.Stored(stored.password(), stored.file(), false));
  }

  @Test
  void aPasswordFileOpenToOthersIsClosedWhenRead() throws Exception {
    // given
    Path file = dataDir.resolve(DemoPasswordStore.FILE_NAME);
    Files.writeString(file, "kept\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    // when
    AdminCredentials admin = AdminCredentials.resolve(new JobnetProperties.Admin(null, null, null), true, dataDir);
    // then
    assertThat(admin.password()).isEqualTo("kept");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void anInvalidUserNameIsRefused() {
    // when / then
    assertThatThrownBy(() -> AdminCredentials.resolve(new JobnetProperties.Admin("ops team", "x", null), false,
        dataDir)).isInstanceOf(InvalidSecurityConfigurationException.class).hasMessageContaining("'ops team'");
  }
}
