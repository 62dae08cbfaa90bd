/**
 * The contract-net message counters, all at zero. Internal: the agents
 * (`contract_net_agents.ts`) and the data-centre simulation's contract-net decisions
 * both count their messages in one.
 *
 * @module
 */
import type { ContractNetMessageKind } from "./contract_net_agents.ts";

/** A counter per contract-net message kind, each 0. */
export function noContractNetMessages(): Record<ContractNetMessageKind, number> {
  return {
    "cfp": 0,
    "propose": 0,
    "refuse": 0,
    "accept-proposal": 0,
    "reject-proposal": 0,
    "inform-done": 0,
    "cancel": 0,
  };
}
