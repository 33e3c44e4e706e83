/** Field limits shared by the request DTO, the table's checks and the worker's message schema. */
export const CONTACT_LIMITS = {
  nameMaxLength: 100,
  emailMaxLength: 254,
  messageMaxLength: 5000,
} as const;
