package dev.jobnet.engine.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused security configuration into Spring Boot's short "APPLICATION FAILED TO START"
 * report instead of a stack trace (registered in {@code META-INF/spring.factories}).
 */
class SecurityConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecurityConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecurityConfigurationException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
