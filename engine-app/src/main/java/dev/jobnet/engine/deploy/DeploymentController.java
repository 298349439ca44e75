package dev.jobnet.engine.deploy;

import dev.jobnet.engine.deploy.DeploymentApi.DeploymentRequest;
import dev.jobnet.engine.deploy.DeploymentApi.DeploymentResponse;
import dev.jobnet.engine.security.Caller;
import dev.jobnet.engine.security.Callers;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /jobnet-api/deployments}: deploys jobnet YAML, sent as multipart parts named {@code file}
 * ({@code curl -F file=@nightly.yaml}) or as JSON {@code {"files":[{"name":..,"content":..}]}}, with an
 * optional {@code tenant}. 201 with the new versions; 200 when every root was unchanged; 400 with every
 * finding; 403, 413 (401 before: the authentication filter). Errors are problems ({@code docs/rest-api.md});
 * documented in {@code docs/deploying.md}; the work is {@link UploadDeployment}'s.
 */
@RestController
@RequestMapping(DeploymentController.PATH)
class DeploymentController {

  static final String PATH = "/jobnet-api/deployments";

  private final UploadDeployment deployment;
  private final Callers callers;

  DeploymentController(UploadDeployment deployment, Callers callers) {
    this.deployment = deployment;
    this.callers = callers;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DeploymentResponse> deployFiles(@RequestParam(name = "file", required = false) List<MultipartFile> files,
      @RequestParam(name = "tenant", required = false) String tenant) throws IOException {
    DeployingUser user = deployingUser();
    List<UploadedFile> uploaded = new ArrayList<>();
    for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
      uploaded.add(new UploadedFile(file.getOriginalFilename(), file.getBytes()));
    }
    return respond(deployment.deploy(uploaded, Optional.ofNullable(tenant), user));
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DeploymentResponse> deployJson(@RequestBody DeploymentRequest body,
      @RequestParam(name = "tenant", required = false) String tenant) {
    DeployingUser user = deployingUser();
    return respond(deployment.deploy(body.uploadedFiles(), body.tenant(tenant), user));
  }

  /**
   * The caller, whoever it is: whether it may deploy is the engine's authorization ({@link DeployPermission}),
   * checked before anything is read.
   */
  private DeployingUser deployingUser() {
    Caller caller = callers.current();
    return new DeployingUser(caller.userId(), caller.groups());
  }

  private static ResponseEntity<DeploymentResponse> respond(DeploymentOutcome outcome) {
    DeploymentResponse body = DeploymentResponse.of(outcome);
    if (outcome.deploymentId().isEmpty()) {
      return ResponseEntity.ok(body);
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create("/engine-rest/deployment/" + outcome.deploymentId().get()))
        .body(body);
  }
}
