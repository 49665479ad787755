// A Colyseus 0.18 relay room for the side-by-side relay benchmark (issue 26): every
// `player_state` is re-broadcast to the room's other clients as `player_state_update`, the
// same contract as the gateway's JumpJumpJump dialect. No schema state, so nothing but the
// relay runs per message.
//   node server.mjs [port]
import { Room, Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";

class StateRelay extends Room {
  onCreate(options) {
    this.maxClients = options.maxClients ?? 64;
    this.onMessage("player_state", (client, state) => {
      this.broadcast("player_state_update", { player_id: client.sessionId, state }, { except: client });
    });
  }
}

const port = Number(process.argv[2] ?? 2567);
const server = new Server({ transport: new WebSocketTransport(), greet: false, logger: { info() {}, warn() {}, error: console.error, debug() {} } });
server.define("relay", StateRelay);
await server.listen(port, "127.0.0.1");
console.log(`colyseus relay listening on ${port}`);
