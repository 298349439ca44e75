package dev.jobnet.engine.security;

import dev.jobnet.engine.config.JobnetProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The administrator's credentials (refusing a start without a password outside demo mode), the
 * set-up read from {@code jobnet.*}, and the engine plugin that applies it at start-up (the Camunda
 * starter picks up plugin beans).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  AdminCredentials jobnetAdminCredentials(JobnetProperties properties) {
    return AdminCredentials.resolve(properties.admin(), properties.demo(), properties.dataDir());
  }

  @Bean
  SecuritySetup jobnetSecuritySetup(JobnetProperties properties, AdminCredentials admin) {
    return SecuritySetup.from(properties, admin);
  }

  @Bean
  SecurityBootstrap jobnetSecurityBootstrap(SecuritySetup setup) {
    return new SecurityBootstrap(setup);
  }
}
