package dev.jobnet.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything an operator configures on the engine app, under {@code jobnet.*}; each key also reads
 * from the environment ({@code JOBNET_ADMIN_USER} is {@code jobnet.admin.user}). Documented in
 * {@code docs/engine.md}.
 *
 * @param demo demo mode: a generated administrator password is allowed (printed once)
 * @param dataDir where the embedded database and other local state live
 * @param definitions directories (or files) of jobnet YAML and BPMN deployed at start-up
 * @param publicUrl the address users reach the engine at, for links in mails and messages
 * @param security how verified credentials are kept
 */
@ConfigurationProperties("jobnet")
public record JobnetProperties(
    @DefaultValue("false") boolean demo,
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("bpmn") List<Path> definitions,
    @DefaultValue("http://localhost:8080") String publicUrl,
    @DefaultValue Admin admin,
    @DefaultValue Agent agent,
    @DefaultValue Monitoring monitoring,
    @DefaultValue List<Tenant> tenants,
    @DefaultValue History history,
    @DefaultValue Security security) {

  /** The first administrator: member of Camunda's {@code camunda-admin} and of {@code jobnet-admins}. */
  public record Admin(String user, String password, String email) {}

  /** The service user worker agents authenticate as (group {@code jobnet-agents}). */
  public record Agent(String user, String password) {}

  /**
   * The service user a monitoring system (Prometheus) authenticates as (group {@code jobnet-monitoring}):
   * it reads the health details and the metrics under {@code /actuator}, nothing else.
   */
  public record Monitoring(String user, String password) {}

  /** A web application that starts jobnets: its tenant and its service user. */
  public record Tenant(String id, String name, String user, String password) {}

  /**
   * Verified HTTP Basic credentials are kept (a salted hash of the password, never the password) with
   * the user's groups and tenants for {@code credentialCacheTtl}, at most {@code credentialCacheSize}
   * users: a request of a known caller costs no password check and no identity queries. A change of a
   * user, group, tenant or membership on this node empties the cache at once; on the other nodes of a
   * cluster it takes effect within the time to live. {@code PT0S} turns the cache off.
   */
  public record Security(
      @DefaultValue("PT30S") Duration credentialCacheTtl,
      @DefaultValue("1000") int credentialCacheSize) {}

  /** How long finished runs are kept, and when the history cleanup runs. */
  public record History(
      @DefaultValue("30") int days,
      @DefaultValue("00:00") String cleanupWindowStart,
      @DefaultValue("23:59") String cleanupWindowEnd,
      @DefaultValue("PT1H") Duration stateCleanupInterval) {}
}
