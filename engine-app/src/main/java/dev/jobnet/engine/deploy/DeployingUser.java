package dev.jobnet.engine.deploy;

import java.util.List;

/** The authenticated user a deployment is made for, with the identity service groups they belong to. */
public record DeployingUser(String id, List<String> groupIds) {

  public DeployingUser {
    groupIds = List.copyOf(groupIds);
  }
}
