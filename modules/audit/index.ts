export {
  justifyCheck,
  justificationsOf,
  CHECK_ID_PATTERN,
  JUSTIFICATION_CATEGORIES,
  type CheckJustification,
  type CheckovSkip,
  type JustificationCategory,
} from './justify-check';
export { justifyShortLogRetention } from './log-retention';
