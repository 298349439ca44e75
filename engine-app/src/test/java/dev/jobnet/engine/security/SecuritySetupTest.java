package dev.jobnet.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.config.JobnetProperties;
import dev.jobnet.engine.config.JobnetProperties.Agent;
import dev.jobnet.engine.config.JobnetProperties.Monitoring;
import dev.jobnet.engine.config.JobnetProperties.Tenant;
import dev.jobnet.engine.security.SecuritySetup.ServiceUser;
import dev.jobnet.engine.security.SecuritySetup.TenantSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the agents' user and the applications (tenants) from {@code jobnet.*}. */
class SecuritySetupTest {

  private static final AdminCredentials ADMIN = new AdminCredentials("admin", "pw", null);

  @Test
  void anApplicationsUserIsNamedAfterItsTenantUnlessConfigured() {
    // when
    SecuritySetup setup = SecuritySetup.from(properties(new Agent(null, null),
        new Tenant("billing", "Billing", null, "b-pw"), new Tenant("crm", null, "crm-app", "c-pw")), ADMIN);
    // then
    assertThat(setup.agent()).isEmpty();
    assertThat(setup.tenants()).containsExactly(
        new TenantSetup("billing", "Billing", new ServiceUser("billing", "b-pw")),
        new TenantSetup("crm", "crm", new ServiceUser("crm-app", "c-pw")));
    assertThat(setup.tenants().get(0).group()).isEqualTo("jobnet-app-billing");
  }

  @Test
  void anApplicationWithoutAPasswordIsRefusedNamingTheVariable() {
    // when / then
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent(null, null),
        new Tenant("billing", null, null, "b-pw"), new Tenant("crm", null, null, null)), ADMIN))
        .isInstanceOf(InvalidSecurityConfigurationException.class)
        .hasMessage("The service user 'crm' of tenant 'crm' has no password")
        .extracting(e -> ((InvalidSecurityConfigurationException) e).action()).asString()
        .contains("JOBNET_TENANTS_1_PASSWORD");
  }

  @Test
  void aTenantIdCamundaWouldRefuseIsRefusedAtOnce() {
    // when / then
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent(null, null),
        new Tenant("billing/eu", null, null, "pw")), ADMIN))
        .isInstanceOf(InvalidSecurityConfigurationException.class).hasMessageContaining("'billing/eu'");
  }

  @Test
  void aTenantConfiguredTwiceIsRefused() {
    // when / then
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent(null, null),
        new Tenant("crm", null, null, "pw"), new Tenant("crm", null, "other", "pw")), ADMIN))
        .isInstanceOf(InvalidSecurityConfigurationException.class).hasMessageContaining("twice");
  }

  @Test
  void anApplicationCannotUseTheAdministrator() {
    // when / then
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent(null, null),
        new Tenant("crm", null, "admin", "pw")), ADMIN))
        .isInstanceOf(InvalidSecurityConfigurationException.class).hasMessageContaining("administrator");
  }

  @Test
  void theAgentsUserNeedsAPasswordAndIsNamedAgentByDefault() {
    // when / then
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent("runner", null)), ADMIN))
        .isInstanceOf(InvalidSecurityConfigurationException.class)
        .extracting(e -> ((InvalidSecurityConfigurationException) e).action()).asString()
        .contains("JOBNET_AGENT_PASSWORD");
    assertThat(SecuritySetup.from(properties(new Agent(null, "a-pw")), ADMIN).agent())
        .contains(new ServiceUser("agent", "a-pw"));
  }

  @Test
  void theMonitoringUserIsOptionalNeedsAPasswordAndIsNamedMonitoringByDefault() {
    // when / then
    assertThat(SecuritySetup.from(properties(new Agent(null, null)), ADMIN).monitoring()).isEmpty();
    assertThat(SecuritySetup.from(properties(new Agent(null, null), new Monitoring(null, "m-pw")), ADMIN)
        .monitoring()).contains(new ServiceUser("monitoring", "m-pw"));
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent(null, null), new Monitoring("prometheus", null)),
        ADMIN))
        .isInstanceOf(InvalidSecurityConfigurationException.class)
        .hasMessage("The monitoring user 'prometheus' has no password")
        .extracting(e -> ((InvalidSecurityConfigurationException) e).action()).asString()
        .contains("JOBNET_MONITORING_PASSWORD");
  }

  @Test
  void theMonitoringUserIsNeitherTheAdministratorNorTheAgents() {
    // when / then
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent(null, null), new Monitoring("admin", "pw")),
        ADMIN)).isInstanceOf(InvalidSecurityConfigurationException.class)
        .hasMessage("The monitoring user 'admin' is also the administrator");
    assertThatThrownBy(() -> SecuritySetup.from(properties(new Agent("runner", "a-pw"), new Monitoring("runner", "pw")),
        ADMIN)).isInstanceOf(InvalidSecurityConfigurationException.class)
        .hasMessage("The monitoring user 'runner' is also the agents' user")
        .extracting(e -> ((InvalidSecurityConfigurationException) e).action()).asString()
        .contains("JOBNET_MONITORING_USER");
  }

  private static JobnetProperties properties(Agent agent, Tenant... tenants) {
    return properties(agent, new Monitoring(null, null), tenants);
  }

  private static JobnetProperties properties(Agent agent, Monitoring monitoring, Tenant... tenants) {
    return new JobnetProperties(false, Path.of("data"), List.of(), "http://localhost:8080",
        new JobnetProperties.Admin(null, null, null), agent, monitoring,
        List.of(tenants),
        new JobnetProperties.History(30, "00:00", "23:59", Duration.ofHours(1)),
        new JobnetProperties.Security(Duration.ofSeconds(30), 1000));
  }
}
