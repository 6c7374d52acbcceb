/** Messages above this are refused by ws itself (close 1009) before any parsing. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/**
 * Fragments of one message. Clients send whole messages; the cap stops a flood of 1-byte
 * continuation frames, each of which ws would otherwise keep until the message ends (close 1008).
 */
export const MAX_FRAGMENTS = 1024;
/** Subscriptions one socket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;
/** The close code for a reader too slow for its subscriptions ("try again later"). */
export const TOO_SLOW = 1013;
