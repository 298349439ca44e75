package dev.jobnet.system;

import dev.jobnet.testing.PgServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle behind {@link SystemUnderTest}: before all tests of a class, a {@link JobnetSystem}
 * for each annotated static field; after them, each closed and its field cleared.
 */
final class SystemUnderTestExtension implements BeforeAllCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Class<?> test = context.getRequiredTestClass();
    for (Field field : fields(test)) {
      SystemUnderTest settings = field.getAnnotation(SystemUnderTest.class);
      Map<String, String> engine = new HashMap<>(JobnetSystem.TEST_WATCHDOG);
      for (String setting : settings.engineSettings()) {
        int eq = setting.indexOf('=');
        if (eq <= 0) {
          throw new ExtensionConfigurationException("engineSettings are NAME=value, not '" + setting + "'");
        }
        engine.put(setting.substring(0, eq), setting.substring(eq + 1));
      }
      MailBox mail = settings.mail() ? new MailBox() : null;
      if (mail != null) {
        engine.putAll(mail.engineSettings());
      }
      PgServer server = null;
      try {
        server = settings.ownDatabaseServer() ? PgServer.create() : null;
        field.set(null, new JobnetSystem(JobnetSystem.logDirectory(test), settings.databaseBehindLink(), engine,
            server).withMail(mail));
      } catch (Exception | Error e) {
        if (mail != null) {
          mail.close();
        }
        if (server != null) {
          server.close();
        }
        throw e;
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (Field field : fields(context.getRequiredTestClass())) {
      JobnetSystem system = (JobnetSystem) field.get(null);
      if (system != null) {
        field.set(null, null);
        system.close();
      }
    }
  }

  private static List<Field> fields(Class<?> test) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = test; c != null; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!field.isAnnotationPresent(SystemUnderTest.class)) {
          continue;
        }
        if (!Modifier.isStatic(field.getModifiers()) || field.getType() != JobnetSystem.class) {
          throw new ExtensionConfigurationException("@SystemUnderTest goes on a static JobnetSystem field, not on "
              + field);
        }
        field.setAccessible(true);
        fields.add(field);
      }
    }
    return fields;
  }
}
