package dev.jobnet.engine.security;

import dev.jobnet.engine.config.JobnetProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first administrator, as configured ({@code JOBNET_ADMIN_USER}, {@code JOBNET_ADMIN_PASSWORD},
 * {@code JOBNET_ADMIN_EMAIL}) or, in demo mode without a password, with a generated password kept in
 * the data directory. There is no built-in password: outside demo mode a start without one is
 * refused.
 *
 * @param email may be null
 */
record AdminCredentials(String user, String password, String email) {

  static final String DEFAULT_USER = "admin";

  private static final Logger LOG = LoggerFactory.getLogger(AdminCredentials.class);

  static AdminCredentials resolve(JobnetProperties.Admin admin, boolean demo, Path dataDir) {
    String user = isBlank(admin.user()) ? DEFAULT_USER : admin.user().strip();
    String email = isBlank(admin.email()) ? null : admin.email().strip();
    if (!JobnetGroups.isValidId(user)) {
      throw new InvalidSecurityConfigurationException("Invalid administrator user name '" + user + "'",
          "Set JOBNET_ADMIN_USER to letters and digits, in words joined by - or _.");
    }
    if (!isBlank(admin.password())) {
      return new AdminCredentials(user, admin.password(), email);
    }
    if (!demo) {
      throw new InvalidSecurityConfigurationException(
          "No administrator password: set JOBNET_ADMIN_PASSWORD (and JOBNET_ADMIN_USER, default '"
              + DEFAULT_USER + "'), or JOBNET_DEMO=true to have one generated",
          "Set the environment variables JOBNET_ADMIN_USER and JOBNET_ADMIN_PASSWORD (or the properties "
              + "jobnet.admin.user and jobnet.admin.password) and start again. For a demo, set JOBNET_DEMO=true "
              + "and a password is generated, printed once and kept in the data directory.");
    }
    DemoPasswordStore.Stored stored = new DemoPasswordStore(dataDir).passwordOrGenerate();
    if (stored.generated()) {
      LOG.warn("Demo mode: generated the administrator password. User: {} Password: {} "
          + "(shown this once; kept in {})", user, stored.password(), stored.file());
    } else {
      LOG.info("Demo mode: administrator '{}', password as generated before, kept in {}", user, stored.file());
    }
    return new AdminCredentials(user, stored.password(), email);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "AdminCredentials[user=" + user + ", email=" + email + "]";
  }
}
