/**
 * The messages that travel through RabbitMQ, by their AMQP `type` property. The outbox stores
 * the type as its topic; `queueForMessageType` (topology.ts) says where each one goes.
 */
export const MESSAGE_TYPES = {
  /** A visitor sent a contact message; the worker notifies the owner. */
  contactReceived: 'contact.received',
} as const;

export type MessageType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];
