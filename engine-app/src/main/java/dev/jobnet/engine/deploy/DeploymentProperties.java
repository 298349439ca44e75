package dev.jobnet.engine.deploy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the deployment endpoint, under {@code jobnet.deployment.*} ({@code docs/deploying.md}). The
 * folders deployed at start-up are {@code jobnet.definitions}, their tenants {@code jobnet.tenants}.
 *
 * @param maxRequestSize the largest deployment request accepted ({@value #DEFAULT_MAX_REQUEST_SIZE}); a
 *     larger one is answered 413 before it is read
 */
@ConfigurationProperties("jobnet.deployment")
public record DeploymentProperties(@DefaultValue(DEFAULT_MAX_REQUEST_SIZE) DataSize maxRequestSize) {

  public static final String DEFAULT_MAX_REQUEST_SIZE = "32MB";
}
