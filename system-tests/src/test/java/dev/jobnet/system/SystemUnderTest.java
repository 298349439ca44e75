package dev.jobnet.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The system one test class runs against, on a static {@link JobnetSystem} field: started before the
 * class's first test (its logs in {@link JobnetSystem#logDirectory}), closed after its last, and the
 * field {@code null} again. A system that fails to start fails the class's tests.
 *
 * <pre>{@code
 * @SystemUnderTest
 * static JobnetSystem system;
 * }</pre>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SystemUnderTestExtension.class)
@interface SystemUnderTest {

  /** The engine app reaches PostgreSQL through a link the test can cut ({@link JobnetSystem#databaseLink()}). */
  boolean databaseBehindLink() default false;

  /** More environment for the engine app, as {@code NAME=value} (e.g. {@code JOBNET_LOG_FORMAT=json}). */
  String[] engineSettings() default {};

  /**
   * The engine mails through a real SMTP server of the test ({@link JobnetSystem#mail()}), with {@link
   * MailBox#ADMINS} as its administrators.
   */
  boolean mail() default false;

  /**
   * The engine app's database lives on a PostgreSQL server of the test's own ({@link
   * JobnetSystem#databaseServer()}), which the test may stop and start; others stay on the shared one.
   */
  boolean ownDatabaseServer() default false;
}
