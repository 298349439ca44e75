package dev.jobnet.engine.security;

import dev.jobnet.engine.security.SecuritySetup.ServiceUser;
import dev.jobnet.engine.security.SecuritySetup.TenantSetup;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Two applications (tenants) A and B for each test of an engine app test, with their service users
 * and, if asked for, an agents' user, made as at start-up ({@link SecurityBootstrap#apply}) under
 * names of their own in the database all tests share; and a one-job jobnet deployed for each
 * application ({@link #jobnetOfA()}, {@link #jobnetOfB()}). A JUnit 5 extension on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TwoApplications apps = TwoApplications.withJobnets("own-", "other-");
 * }</pre>
 */
final class TwoApplications implements BeforeEachCallback {

  private final String prefixOfA;
  private final String prefixOfB;
  private final boolean withAgent;
  private String suffix;
  private SecuritySetup setup;

  private TwoApplications(String prefixOfA, String prefixOfB, boolean withAgent) {
    this.prefixOfA = prefixOfA;
    this.prefixOfB = prefixOfB;
    this.withAgent = withAgent;
  }

  /** The two applications, their jobnets named by these prefixes and the test's unique suffix. */
  static TwoApplications withJobnets(String prefixOfA, String prefixOfB) {
    return new TwoApplications(prefixOfA, prefixOfB, false);
  }

  /** The same, and an agents' user ({@link #agent()}). */
  TwoApplications andAnAgent() {
    return new TwoApplications(prefixOfA, prefixOfB, true);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ApplicationContext app = SpringExtension.getApplicationContext(context);
    ProcessEngine engine = app.getBean(ProcessEngine.class);
    suffix = SecurityTestSupport.unique();
    setup = SecurityTestSupport.twoTenants(app.getBean(AdminCredentials.class), suffix, withAgent);
    app.getBean(SecurityBootstrap.class).apply(engine, setup);
    SecurityTestSupport.deploy(engine, jobnetOfA(), a().id());
    SecurityTestSupport.deploy(engine, jobnetOfB(), b().id());
  }

  /** The short unique suffix of this test's names. */
  String suffix() {
    return suffix;
  }

  TenantSetup a() {
    return setup.tenants().get(0);
  }

  TenantSetup b() {
    return setup.tenants().get(1);
  }

  String jobnetOfA() {
    return prefixOfA + suffix;
  }

  String jobnetOfB() {
    return prefixOfB + suffix;
  }

  /** The agents' user, when made {@link #andAnAgent()}. */
  ServiceUser agent() {
    return setup.agent().orElseThrow(() -> new IllegalStateException("made without an agents' user"));
  }
}
