package dev.jobnet.engine.protocol;

import dev.jobnet.protocol.Protocol;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /jobnet-api/protocol}: the agent protocol version this engine app speaks, for any authenticated caller. */
@RestController
@RequestMapping("/jobnet-api/protocol")
class ProtocolController {

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> protocol() {
    return Map.of("protocol", Protocol.VERSION);
  }
}
